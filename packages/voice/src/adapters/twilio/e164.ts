/** E.164: a plus, a country code not starting with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * `number` when it is an E.164 phone number (what Twilio's API takes and
 * gives); otherwise a TypeError naming `what`, the value and the format.
 */
export function checkE164(number: unknown, what: string): string {
  if (typeof number !== "string" || !E164.test(number))
    throw new TypeError(
      `TwilioAgentAdapter: ${what} must be an E.164 phone number such as +14155550100 (a plus, the country code, up to 15 digits, no spaces); got ${JSON.stringify(number)}`,
    );
  return number;
}
