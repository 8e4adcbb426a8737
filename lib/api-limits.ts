/** Most procedure calls one HTTP batch may carry; the client's batch link splits above it. */
export const MAX_BATCH_SIZE = 50;
