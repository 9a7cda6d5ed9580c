// expect-none
// Imports nothing from the messaging stack: not impacted.
export const theme = { dark: true };
