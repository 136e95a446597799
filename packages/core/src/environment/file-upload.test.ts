import { describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import { createRandom } from "../engine/random.js";
import { containsEicar, eicarTestString, findEicar } from "./eicar.js";
import { crc32 } from "./file-bytes.js";
import { formats } from "./file-formats.js";
import {
  buildFileUpload,
  describeUpload,
  type FileUploadSpec,
  fileUploadMessagePart,
  maxUploadBytes,
  parseFileSize,
} from "./file-upload.js";

const build = (spec: FileUploadSpec, seed = 7) => {
  const random = createRandom(seed);
  return buildFileUpload(spec, () => random.next());
};
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");
const magic: Record<keyof typeof formats, string> = {
  pdf: Buffer.from("%PDF-1.7").toString("hex"),
  png: "89504e470d0a1a0a0000000d49484452",
  jpg: "ffd8ffe0",
  txt: "",
  csv: Buffer.from("id,name,amount,note\n").toString("hex"),
  docx: "504b0304",
  zip: "504b0304",
  exe: "4d5a",
};
const types = Object.keys(formats) as (keyof typeof formats)[];

describe("eicar", () => {
  it("is the 68-byte EICAR test string, found once where embedded", () => {
    const text = eicarTestString();
    expect(text).toHaveLength(68);
    expect(text.startsWith("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD")).toBe(true);
    const bytes = Buffer.from(`abc${text}def${text.slice(0, 40)}`);
    expect(findEicar(bytes)).toEqual([3]);
    expect(containsEicar(Buffer.from(text.slice(1)))).toBe(false);
  });
});

describe("buildFileUpload", () => {
  it.each(types)("%s starts with its magic bytes and has exactly the requested size", (type) => {
    for (const size of [3000, 70_000, 200_003]) {
      const upload = build({ file_type: type, size });
      expect(upload.size).toBe(size);
      expect(upload.data.length).toBe(size);
      expect(hex(upload.data.subarray(0, magic[type].length / 2))).toBe(magic[type]);
      expect(upload.mediaType).toBe(formats[type].mediaType);
      expect(containsEicar(upload.data)).toBe(false);
    }
  });

  it("writes valid trailers: PDF %%EOF, JPEG EOI, PNG IEND, zip end record, text as UTF-8", () => {
    expect(latin1(build({ file_type: "pdf" }).data).endsWith("startxref\n")).toBe(false);
    expect(latin1(build({ file_type: "pdf" }).data)).toMatch(/startxref\n\d+ *\n%%EOF\n$/);
    expect(hex(build({ file_type: "jpg", size: 65_541 + 600 }).data.subarray(-2))).toBe("ffd9");
    expect(hex(build({ file_type: "png" }).data.subarray(-12))).toBe("0000000049454e44ae426082");
    expect(hex(build({ file_type: "zip" }).data.subarray(-22, -18))).toBe("504b0506");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(build({ file_type: "txt" }).data)).not.toThrow();
  });

  it("points the PDF startxref at the xref table", () => {
    const text = latin1(build({ file_type: "pdf", size: 10_000 }).data);
    const offset = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    expect(text.slice(offset, offset + 5)).toBe("xref\n");
  });

  it("gives the same bytes for the same random and different bytes for another", () => {
    for (const type of types) {
      expect(hex(build({ file_type: type, size: 5000 }, 1).data)).toBe(hex(build({ file_type: type, size: 5000 }, 1).data));
      expect(hex(build({ file_type: type, size: 5000 }, 1).data)).not.toBe(hex(build({ file_type: type, size: 5000 }, 2).data));
    }
  });

  it("breaks each type in its documented place when malformed", () => {
    const pair = (file_type: string) =>
      [build({ file_type, size: 6000 }).data, build({ file_type, size: 6000, malformed: true }).data] as const;
    const [pdf, badPdf] = pair("pdf");
    expect(latin1(badPdf)).not.toContain("%%EOF");
    expect(latin1(badPdf).startsWith("%PDF-1.7")).toBe(true);
    expect(latin1(pdf)).toContain("%%EOF");

    const [png, badPng] = pair("png");
    const ihdrCrc = (bytes: Uint8Array) => Buffer.from(bytes).readUInt32BE(29);
    expect(ihdrCrc(png)).toBe(crc32(png.subarray(12, 29)));
    expect(ihdrCrc(badPng)).not.toBe(crc32(badPng.subarray(12, 29)));
    expect(hex(badPng.subarray(0, 29))).toBe(hex(png.subarray(0, 29)));

    const [jpg, badJpg] = pair("jpg");
    expect(hex(badJpg.subarray(-2))).toBe("0000");
    expect(hex(badJpg.subarray(0, -2))).toBe(hex(jpg.subarray(0, -2)));

    const [txt, badTxt] = pair("txt");
    const strict = new TextDecoder("utf-8", { fatal: true });
    expect(() => strict.decode(txt)).not.toThrow();
    expect(() => strict.decode(badTxt)).toThrow();
    expect(hex(badTxt.subarray(-2))).toBe("e282");

    const [csv, badCsv] = pair("csv");
    expect(latin1(csv).split("\n")[3]).not.toContain('"');
    expect(latin1(badCsv).split("\n")[3]).toMatch(/^3,[^,]+,[\d.]+,"/);

    const [zip, badZip] = pair("zip");
    const localCrc = (bytes: Uint8Array) => Buffer.from(bytes).readUInt32LE(14);
    const firstData = (bytes: Uint8Array) => bytes.subarray(30 + 9, 30 + 9 + Buffer.from(bytes).readUInt32LE(18));
    expect(localCrc(zip)).toBe(crc32(firstData(zip)));
    expect(localCrc(badZip)).not.toBe(crc32(firstData(badZip)));

    const [docx, badDocx] = pair("docx");
    expect(latin1(docx)).toContain("PK\x05\x06");
    expect(latin1(badDocx)).not.toContain("PK\x05\x06");
    expect(latin1(badDocx)).toContain("word/document.xml");

    const [exe, badExe] = pair("exe");
    expect(hex(badExe.subarray(0, 2))).toBe("0000");
    expect(hex(badExe.subarray(2))).toBe(hex(exe.subarray(2)));
  });

  it("embeds the EICAR string exactly once when asked, as eicar.com in archives", () => {
    for (const type of types) {
      const upload = build({ file_type: type, size: 8000, contains_malware: true });
      expect(findEicar(upload.data)).toHaveLength(1);
      expect(upload.size).toBe(8000);
      expect(upload.containsMalware).toBe(true);
      expect(upload.description).toContain("EICAR");
    }
    for (const type of ["zip", "docx"]) {
      const data = latin1(build({ file_type: type, contains_malware: true }).data);
      const offset = findEicar(Buffer.from(data, "latin1"))[0] ?? -1;
      expect(data.slice(offset - 9, offset)).toBe("eicar.com");
    }
    expect(findEicar(build({ file_type: "txt", contains_malware: true }).data)).toEqual([0]);
  });

  it("takes the seed's field names, aliases and defaults", () => {
    const upload = build({ file_type: "document", file_size_mb: 2, filename: "contract.docx", malformed: true });
    expect(upload).toMatchObject({
      name: "contract.docx",
      type: "docx",
      size: 2 * 1024 * 1024,
      malformed: true,
      containsMalware: false,
    });
    expect(build({ file_type: ".JPEG" })).toMatchObject({ name: "upload.jpg", type: "jpg", size: 4096, mediaType: "image/jpeg" });
  });

  it("rejects unknown types, bad or oversized sizes and sizes below the minimum structure", () => {
    expect(() => build({ file_type: "gif" })).toThrow(
      /Unknown file_type "gif". Known types: pdf, png, jpg, txt, csv, docx, zip, exe/,
    );
    expect(() => build({ file_type: "gif" })).toThrow(ConfigError);
    expect(() => build({ file_type: "pdf", size: maxUploadBytes + 1 })).toThrow(/over the 52428800-byte \(50 MB\) limit/);
    expect(() => build({ file_type: "pdf", file_size_mb: 51 })).toThrow(ConfigError);
    expect(() => build({ file_type: "pdf", size: 10 })).toThrow(/needs at least \d+ bytes, got 10/);
    expect(() => build({ file_type: "pdf", size: 10, file_size_mb: 1 })).toThrow(/either size or file_size_mb/);
    expect(build({ file_type: "txt", size: 0 }).size).toBe(0);
  });
});

describe("parseFileSize", () => {
  it("reads bytes and binary units", () => {
    expect(parseFileSize(123)).toBe(123);
    expect(parseFileSize("2MB")).toBe(2_097_152);
    expect(parseFileSize("512KB")).toBe(524_288);
    expect(parseFileSize("1.5 mib")).toBe(1_572_864);
    expect(parseFileSize("100 B")).toBe(100);
    expect(parseFileSize("42")).toBe(42);
  });

  it("rejects anything else", () => {
    for (const bad of ["2GB", "lots", "-1KB", ""]) expect(() => parseFileSize(bad)).toThrow(ConfigError);
    expect(() => parseFileSize(1.5)).toThrow(ConfigError);
    expect(() => parseFileSize(-1)).toThrow(/whole number of bytes/);
  });
});

describe("presenting an upload", () => {
  it("makes an AI SDK file part and a transcript line", () => {
    const upload = build({ file_type: "pdf", size: "2MB", filename: "report.pdf", contains_malware: true, malformed: true });
    const part = fileUploadMessagePart(upload);
    expect(part.data).toBe(upload.data);
    expect({ ...part, data: undefined }).toEqual({
      type: "file",
      data: undefined,
      mediaType: "application/pdf",
      filename: "report.pdf",
    });
    expect(describeUpload(upload)).toBe(
      "[file upload] report.pdf (application/pdf, 2.0 MB): PDF document of 2.0 MB; malformed: the trailer (startxref and %%EOF) is cut off, as in a truncated upload; contains the EICAR anti-virus test string at the start of the page content stream",
    );
  });
});
