// The phone-support bot under test: ComposableVoiceAgent = offline STT (pocketsphinx) → a deterministic policy
// (keywords, tolerant of recognition errors; DTMF for the order number) → offline TTS (espeak-ng). Three
// variants differ only in how they take turns, the thing voice agents get wrong that text agents never meet:
//   attentive  stops at once when interrupted, talks through "mm-hm"          (what a good agent does)
//   stubborn   cannot be interrupted: keeps talking over the caller            (fails the yield check)
//   eager      stops at any sound, a backchannel included (naive barge-in)     (fails the selectivity check)
import { ComposableVoiceAgent } from "@rehearse/voice";

export const HOURS_ANSWER =
  "We are open nine to five on weekdays and ten to four on Saturdays. We are closed on Sundays and on public holidays.";

const DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const spell = (digits) => [...digits].map((digit) => DIGITS[Number(digit)] ?? digit).join(" ");

/** The bot's policy: what it answers to what it heard (`transcript`) and the keys pressed (`dtmf`). */
export function supportPolicy({ transcript, dtmf }) {
  const heard = transcript.toLowerCase();
  if (dtmf) return `Thank you. The refund for order ${spell(dtmf.replace(/[#*]/g, ""))} is on its way.`;
  // a short sound ("mm-hm", "right") is a backchannel, not a question
  if (heard.split(/\s+/).filter(Boolean).length <= 2 && !/sunday|week|refund/.test(heard)) return "";
  // recognisers hear "weekend" as "week and", "week end", …
  if (/sunday|week ?(end|and)/.test(heard)) return "At the weekend we are open on Saturdays only.";
  if (/refund|money back|fund|return/.test(heard))
    return "I can help with a refund. Please key in your order number, then press hash.";
  if (/hour|open|close|time/.test(heard)) return HOURS_ANSWER;
  return "Sorry, I did not catch that. You can ask about refunds or opening hours.";
}

/** The bot in one of its turn-taking variants, speaking through `tts` and listening through `stt`. */
export function phoneBot(variant, { stt, tts }) {
  const turnTaking = {
    attentive: {},
    stubborn: { interruptible: false },
    eager: { onUserSpeech: "stop" },
  }[variant];
  if (!turnTaking) throw new Error(`unknown bot variant ${variant}`);
  const bot = new ComposableVoiceAgent({ stt, tts, respond: supportPolicy, ...turnTaking });
  bot.name = `support bot (${variant})`;
  return bot;
}
