// An error a route throws to answer with Hiver's error envelope {"errors":[{"message"}]}.

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function errorBody(message: string): { errors: { message: string }[] } {
  return { errors: [{ message }] };
}
