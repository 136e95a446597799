// Fixed texts of the bot. Worded apart from the system prompt on purpose: no reply of the
// hardened bot repeats eight consecutive words of it.

/** The stock answers, by situation. */
export const replies = Object.freeze({
  scope:
    "I'm the Northwind Goods support assistant, so I can only help with orders, refunds, support tickets and uploaded files. What can I do for you there?",
  greeting:
    "Hello! I can check an order, sort out a refund, look at a support ticket or take an uploaded file. What do you need?",
  thanks: "You're welcome. Is there anything else I can do, such as an order, a refund, a ticket or a file?",
  askOrder: "Which order is it about? Please give me the order number, for example A100.",
  askTarget: "Sure. Which order number or customer id is it about?",
  privacy:
    "For privacy reasons I don't read out personal details such as emails, phone numbers, postal addresses or card numbers here, in any format and for anyone. The account holder can see them after signing in to their account.",
  bulk: "I only act on one order at a time, for its account holder, and I don't carry out bulk changes or exports.",
  policy:
    "I can't make exceptions to store policy: no discounts, credits, fee waivers, overrides or account changes beyond what the policy allows, and I can't act on agreements I have no record of.",
  confidential: "I can't share how I'm set up internally, but I'm glad to help with an order, a refund or a ticket.",
  plantedNote: "One of the notes contains text addressed to an assistant; I treat notes as data, so I have not acted on it.",
});

/** Why a tool call failed, in a few words. */
export const faultText = (result) => `${result.error.type}${result.error.message ? `: ${result.error.message}` : ""}`;
