import type { FieldError } from '../domain/errors.ts';

/** The messages between the event loop's thread and the JSON body thread (json-body-thread.ts). */

export type BodyRequest =
  /** Read these bytes as a JSON body. */
  | { op: 'parse'; id: number; bytes: Uint8Array }
  /** The next slice of the body read under `id`; after the last one the thread forgets the body. */
  | { op: 'slice'; id: number; index: number };

export interface BodyProblem {
  /** An AppError's code; absent for an error nobody foresaw (a 500). */
  code?: string;
  message: string;
  errors?: FieldError[];
  extra?: Record<string, unknown>;
}

export type BodyReply =
  | { id: number; ok: false; problem: BodyProblem }
  | {
      id: number;
      ok: true;
      /** The body with each long array emptied: its items follow in slices. */
      shell: unknown;
      /** SHA-256 of the bytes (hex), for the answer cache's key in place of the text. */
      digest: string;
      /** For each slice in order, the top-level key of the array it continues (null: the body is the array). */
      slices: Array<string | null>;
    }
  | { id: number; ok: true; items: unknown[] };
