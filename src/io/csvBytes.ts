/** The bytes CSV structure is made of (ASCII, so the same in every encoding the readers take). */
export const LF = 0x0a;
export const CR = 0x0d;
export const QUOTE = 0x22;
export const COMMA = 0x2c;
