import type { AdversarialInjection, FileUploadInjection, UserMessageInjection } from "../domain/declarative.js";
import { buildFileUpload, describeUpload, fileUploadMessagePart } from "../environment/file-upload.js";
import { createTrigger, type Trigger } from "../environment/triggers.js";
import { pickPayload } from "../payloads/select-payload.js";
import type { ArmedInjection, InjectionContext } from "./injection-runtime.js";

/** What the boundary injections share: a trigger (default: the first check point) evaluated and logged at each boundary. */
function atBoundary(
  name: string,
  injection: UserMessageInjection | AdversarialInjection | FileUploadInjection,
  random: () => number,
  fire: (context: InjectionContext) => Record<string, unknown>,
): ArmedInjection {
  const trigger: Trigger = createTrigger(injection.trigger ?? { kind: "timestamp", at: 0 }, {
    random,
    source: name,
    path: "trigger",
  });
  const spec = trigger.spec;
  const limit = spec.max_triggers ?? (spec.kind === "timestamp" && spec.duration !== undefined ? Infinity : 1);
  return {
    name,
    type: injection.type,
    async boundary(context) {
      // an exhausted trigger is no longer evaluated, so the log is not flooded with "limit reached"
      if (trigger.fires >= limit) return;
      const decision = trigger.evaluate(context.triggerContext());
      const kind = trigger.spec.kind;
      if (!decision.fired) {
        context.log({ trigger: kind, fired: false, reason: decision.reason });
        return;
      }
      context.log({ trigger: kind, fired: true, reason: decision.reason, outcome: fire(context) });
    },
  };
}

/** `user_message`: the user says `message` when the trigger fires. */
export function armUserMessage(name: string, injection: UserMessageInjection, random: () => number): ArmedInjection {
  return atBoundary(name, injection, random, (context) => {
    context.addMessage({ role: "user", content: injection.message });
    return { message: injection.message };
  });
}

/**
 * `adversarial`: a payload from the library (seeded pick by attack type and
 * severity) or the inline `payload`, sent as the user's message.
 */
export function armAdversarial(name: string, injection: AdversarialInjection, random: () => number): ArmedInjection {
  return atBoundary(name, injection, random, (context) => {
    if (injection.payload !== undefined) {
      context.addMessage({ role: "user", content: injection.payload });
      return { attack_type: injection.attack_type, payload: "inline", text: injection.payload };
    }
    const payload = pickPayload(
      { attackType: injection.attack_type, ...(injection.severity ? { severity: injection.severity } : {}) },
      () => context.random(),
    );
    context.addMessage({ role: "user", content: payload.text });
    return {
      attack_type: payload.attackType,
      payload: payload.id,
      severity: payload.severity,
      technique: payload.technique,
      owasp: payload.owasp,
      text: payload.text,
    };
  });
}

/**
 * `file_upload`: a real file of the requested type and size (EICAR inside when
 * `contains_malware`), sent as a user message with a file part (base64 data).
 */
export function armFileUpload(name: string, injection: FileUploadInjection, random: () => number): ArmedInjection {
  return atBoundary(name, injection, random, (context) => {
    const upload = buildFileUpload(injection, () => context.random());
    const part = fileUploadMessagePart(upload);
    const text = injection.message ?? `Please process the attached file ${upload.name}.`;
    context.addMessage({
      role: "user",
      content: [
        { type: "text", text },
        { ...part, data: Buffer.from(upload.data).toString("base64") },
      ],
    });
    return {
      filename: upload.name,
      file_type: upload.type,
      media_type: upload.mediaType,
      size: upload.size,
      malformed: upload.malformed,
      contains_malware: upload.containsMalware,
      description: describeUpload(upload),
    };
  });
}
