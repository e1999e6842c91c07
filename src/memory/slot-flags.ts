/** Bits of a slot's flags, kept by the live index (unit-slots.ts) and restored from a file (index-file.ts). */

/** The unit has a target to offer. */
export const HAS_TARGET = 1;
/** The slot holds a live unit (a removed or replaced unit's slot is dead). */
export const ALIVE = 2;
