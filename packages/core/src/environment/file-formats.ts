import { ascii, concat, crc32, fillText, jpegComments, randomBytes, u16, u32be, zipArchive } from "./file-bytes.js";

/** What a format's layout gets: the run's random, and the tampering asked for. */
export interface FormatDraft {
  readonly random: () => number;
  readonly malformed: boolean;
  /** The EICAR bytes to embed, when `contains_malware` is set. */
  readonly malware: Uint8Array | undefined;
}

/**
 * A file with its fixed content already drawn. `assemble(padding)` must be
 * exactly `padding.length` bytes longer than `assemble(empty)`, which lets the
 * builder hit a requested size exactly.
 */
export interface FormatLayout {
  readonly padding: (length: number) => Uint8Array;
  readonly assemble: (padding: Uint8Array) => Uint8Array;
}

/** One supported upload type. */
export interface FileFormat {
  readonly label: string;
  readonly mediaType: string;
  /** How `malformed` breaks the file. */
  readonly malformation: string;
  /** Where `contains_malware` puts the EICAR string. */
  readonly malwarePlacement: string;
  readonly layout: (draft: FormatDraft) => FormatLayout;
}

const words = (draft: FormatDraft, lineBreaks: boolean) => (length: number) => fillText(length, draft.random, lineBreaks);
const noise = (draft: FormatDraft) => (length: number) => randomBytes(length, draft.random);
const none = new Uint8Array(0);

/** Offsets are written at a fixed width so padding never changes the byte count. */
const fixed = (value: number) => String(value).padEnd(10, " ");

function pdf(draft: FormatDraft): FormatLayout {
  const assemble = (padding: Uint8Array) => {
    const content = concat([draft.malware ? concat([draft.malware, ascii("\n")]) : none, padding]);
    const parts = [ascii("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")];
    const objects = [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
    ];
    const offsets: number[] = [];
    let offset = parts[0]?.length ?? 0;
    const add = (part: Uint8Array) => {
      parts.push(part);
      offset += part.length;
    };
    objects.forEach((body, index) => {
      offsets.push(offset);
      add(ascii(`${index + 1} 0 obj\n${body}\nendobj\n`));
    });
    offsets.push(offset);
    add(concat([ascii(`4 0 obj\n<< /Length ${fixed(content.length)} >>\nstream\n`), content, ascii("\nendstream\nendobj\n")]));
    const xref = offset;
    const entries = offsets.map((at) => `${String(at).padStart(10, "0")} 00000 n \n`).join("");
    add(ascii(`xref\n0 5\n0000000000 65535 f \n${entries}trailer\n<< /Size 5 /Root 1 0 R >>\n`));
    if (!draft.malformed) add(ascii(`startxref\n${fixed(xref)}\n%%EOF\n`));
    return concat(parts);
  };
  return { padding: noise(draft), assemble };
}

function chunk(type: string, data: Uint8Array, corrupt = false): Uint8Array {
  const body = concat([ascii(type), data]);
  return concat([u32be(data.length), body, u32be((crc32(body) ^ (corrupt ? 0xffffffff : 0)) >>> 0)]);
}

function png(draft: FormatDraft): FormatLayout {
  const pixel = randomBytes(3, draft.random);
  const raw = concat([new Uint8Array([0]), pixel]);
  // zlib stream with one stored (uncompressed) deflate block, so no compressor is needed.
  let a = 1;
  let b = 0;
  for (const byte of raw) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  const zlib = concat([
    new Uint8Array([0x78, 0x01, 0x01]),
    u16(raw.length),
    u16(~raw.length & 0xffff),
    raw,
    u32be(((b << 16) | a) >>> 0),
  ]);
  const header = concat([u32be(1), u32be(1), new Uint8Array([8, 2, 0, 0, 0])]);
  const assemble = (padding: Uint8Array) =>
    concat([
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header, draft.malformed),
      chunk("tEXt", concat([ascii("Comment\0"), draft.malware ? concat([draft.malware, ascii("\n")]) : none, padding])),
      chunk("IDAT", zlib),
      chunk("IEND", none),
    ]);
  return { padding: words(draft, true), assemble };
}

function jpg(draft: FormatDraft): FormatLayout {
  const segment = (marker: number, data: Uint8Array) => concat([new Uint8Array([0xff, marker]), u16be(data.length + 2), data]);
  // A 1×1 grey baseline JPEG: one 8×8 block whose coefficients are all zero,
  // coded with one-symbol Huffman tables (DC category 0, AC end-of-block).
  const head = concat([
    new Uint8Array([0xff, 0xd8]),
    segment(0xe0, concat([ascii("JFIF\0"), new Uint8Array([1, 1, 0, 0, 1, 0, 1, 0, 0])])),
    segment(0xdb, concat([new Uint8Array([0]), new Uint8Array(64).fill(1)])),
    segment(0xc0, new Uint8Array([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
    segment(0xc4, concat([new Uint8Array([0x00, 1]), new Uint8Array(15), new Uint8Array([0])])),
    segment(0xc4, concat([new Uint8Array([0x10, 1]), new Uint8Array(15), new Uint8Array([0])])),
    draft.malware ? segment(0xfe, draft.malware) : none,
  ]);
  const scan = concat([segment(0xda, new Uint8Array([1, 1, 0, 0, 63, 0])), new Uint8Array([0x3f])]);
  const end = draft.malformed ? new Uint8Array([0, 0]) : new Uint8Array([0xff, 0xd9]);
  return { padding: noise(draft), assemble: (padding) => concat([head, jpegComments(padding), scan, end]) };
}

const u16be = (value: number) => new Uint8Array([(value >> 8) & 0xff, value & 0xff]);

function text(draft: FormatDraft): FormatLayout {
  const lead = draft.malware ? concat([draft.malware, ascii("\n")]) : none;
  // The first two bytes of "€" (E2 82 AC) without the third: a truncated UTF-8 sequence.
  const tail = draft.malformed ? new Uint8Array([0xe2, 0x82]) : none;
  return { padding: words(draft, true), assemble: (padding) => concat([lead, padding, tail]) };
}

function csv(draft: FormatDraft): FormatLayout {
  const names = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken"];
  const rows = [1, 2, 3].map((id) => {
    const name = names[Math.floor(draft.random() * names.length)] ?? "Ada";
    const amount = (draft.random() * 1000).toFixed(2);
    const note =
      id === 1 && draft.malware
        ? new TextDecoder().decode(draft.malware)
        : new TextDecoder().decode(fillText(12, draft.random, false)).trim();
    return `${id},${name},${amount},${note}`;
  });
  const last = rows.pop() ?? "";
  // Malformed: the last row's note opens a quoted field that never closes.
  const lastRow = draft.malformed ? last.replace(/,([^,]*)$/, ',"$1') : last;
  const head = ascii(`id,name,amount,note\n${rows.join("\n")}\n${lastRow}`);
  return { padding: words(draft, false), assemble: (padding) => concat([head, padding, ascii("\n")]) };
}

function zip(draft: FormatDraft): FormatLayout {
  const assemble = (padding: Uint8Array) =>
    zipArchive([{ name: "notes.txt", data: padding }, ...(draft.malware ? [{ name: "eicar.com", data: draft.malware }] : [])], {
      corruptFirstCrc: draft.malformed,
      omitEnd: false,
    });
  return { padding: words(draft, true), assemble };
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const relationships = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

function docx(draft: FormatDraft): FormatLayout {
  const assemble = (padding: Uint8Array) => {
    const document = concat([
      ascii(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t xml:space="preserve">',
      ),
      padding,
      ascii("</w:t></w:r></w:p></w:body></w:document>"),
    ]);
    const entries = [
      { name: "[Content_Types].xml", data: ascii(contentTypes) },
      { name: "_rels/.rels", data: ascii(relationships) },
      { name: "word/document.xml", data: document },
      ...(draft.malware ? [{ name: "eicar.com", data: draft.malware }] : []),
    ];
    return zipArchive(entries, { corruptFirstCrc: false, omitEnd: draft.malformed });
  };
  return { padding: words(draft, true), assemble };
}

function exe(draft: FormatDraft): FormatLayout {
  const assemble = (padding: Uint8Array) => {
    const code = new Uint8Array([0xb4, 0x4c, 0xcd, 0x21]); // mov ah, 4Ch; int 21h: exit to DOS
    const total = 64 + code.length + (draft.malware?.length ?? 0) + padding.length;
    const header = new Uint8Array(64);
    header.set(draft.malformed ? [0, 0] : ascii("MZ"), 0);
    header.set(
      concat([u16(total % 512), u16(Math.ceil(total / 512)), u16(0), u16(4), u16(0), u16(0xffff), u16(0), u16(0xb8)]),
      2,
    );
    header.set(u16(0x40), 24);
    return concat([header, code, draft.malware ?? none, padding]);
  };
  return { padding: noise(draft), assemble };
}

/** Every supported type, one line each, so a missing builder fails to compile. */
export const formats = {
  pdf: {
    label: "PDF document",
    mediaType: "application/pdf",
    malformation: "the trailer (startxref and %%EOF) is cut off, as in a truncated upload",
    malwarePlacement: "at the start of the page content stream",
    layout: pdf,
  },
  png: {
    label: "PNG image",
    mediaType: "image/png",
    malformation: "the IHDR chunk has a wrong CRC",
    malwarePlacement: "in a tEXt Comment chunk",
    layout: png,
  },
  jpg: {
    label: "JPEG image",
    mediaType: "image/jpeg",
    malformation: "the end-of-image marker (FF D9) is missing",
    malwarePlacement: "in a comment (COM) segment",
    layout: jpg,
  },
  txt: {
    label: "text file",
    mediaType: "text/plain",
    malformation: "it ends in a truncated UTF-8 sequence (E2 82)",
    malwarePlacement: "as the first line",
    layout: text,
  },
  csv: {
    label: "CSV file",
    mediaType: "text/csv",
    malformation: "the last row opens a quoted field that never closes",
    malwarePlacement: "in the note column of the first row",
    layout: csv,
  },
  docx: {
    label: "Word document",
    mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    malformation: "the zip end-of-central-directory record is missing, as in a truncated upload",
    malwarePlacement: "as a stored zip entry named eicar.com",
    layout: docx,
  },
  zip: {
    label: "zip archive",
    mediaType: "application/zip",
    malformation: "the first entry (notes.txt) has a wrong CRC-32",
    malwarePlacement: "as a stored entry named eicar.com",
    layout: zip,
  },
  exe: {
    label: "DOS executable",
    mediaType: "application/vnd.microsoft.portable-executable",
    malformation: "the MZ magic bytes are zeroed",
    malwarePlacement: "right after the program code",
    layout: exe,
  },
} as const satisfies Record<string, FileFormat>;

/** A supported upload type. */
export type FileType = keyof typeof formats;
