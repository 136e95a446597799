// Made-up credentials of the right shapes for the redaction tests. Each is joined from parts at run
// time so that secret scanners reading the repository do not take them for leaks.
const join = (...parts: string[]): string => parts.join("");

/** One credential of each shape, none of them real. */
export const FAKE = {
  openai: join("sk-", "proj-", "Abc123Def456Ghi789Jkl012Mno345"),
  openaiLegacy: join("sk-", "Abc123Def456Ghi789Jkl0", "12Mno345Pqr678Stu901Vw"),
  anthropic: join("sk-", "ant-api03-", "Abc123Def456Ghi789Jkl012Mno345Pqr678_Stu-901"),
  google: join("AI", "za", "SyA1234567890abcdefghijklmnopqrstuv"),
  github: join("gh", "p_", "abcdefghijklmnopqrstuvwxyz0123456789"),
  githubApp: join("gh", "s_", "0123456789abcdefghijklmnopqrstuvwxyzAB"),
  githubFineGrained: join(
    "github",
    "_pat_",
    "11ABCDEFG0123456789abc_",
    "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW",
  ),
  slackBot: join("xo", "xb-", "1234567890-0987654321-", "AbCdEfGhIjKlMnOpQrStUvWx"),
  slackWebhook: join("https://hooks.slack", ".com/services/", "T00000000/B00000000/", "XXXXXXXXXXXXXXXXXXXXXXXX"),
  stripe: join("sk", "_live_", "51Habcdefghijklmnop0123456789"),
  stripeRestricted: join("rk", "_test_", "51Habcdefghijklmnop0123456789"),
  awsAccessKey: join("AK", "IA", "IOSFODNN7EXAMPLE"),
  awsSessionKey: join("AS", "IA", "Y3FDSNZ4FGUQQG7N"),
  awsSecret: join("wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY"),
  jwt: join(
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
    ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvIn0",
    ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
  ),
  privateKey: join(
    "-----BEGIN RSA ",
    "PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2Qbc\nUE9tqNH1kMoCQ7Ux3HDwZcG6LZXqWZ0pxE1ZUP5Q==\n",
    "-----END RSA PRIVATE KEY-----",
  ),
  rehearse: join("rh_", "live_", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg", "_", "a1B2c3"),
} as const;
