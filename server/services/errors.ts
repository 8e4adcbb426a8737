/** Domain errors thrown by services; the API layer maps them to transport errors. */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends Error {
  constructor(message = "You do not have permission to do that") {
    super(message);
    this.name = "ForbiddenError";
  }
}

export class InvalidInputError extends Error {
  constructor(
    message: string,
    readonly problems: { nodeId?: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "InvalidInputError";
  }
}

export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}
