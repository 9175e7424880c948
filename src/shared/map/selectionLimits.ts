// Limits of the id lists that cross the map's channels (selection, highlighted sequences), in a
// module of their own so that the drawing worker can use them without the full message schemas.

/** Most image ids one box selection may send, and most sequences one highlight may name. */
export const MAX_SELECTION = 100_000;
