/** Bad input from the user: reported as one line and exit code 2, never a stack trace. */
export class UsageError extends Error {}
