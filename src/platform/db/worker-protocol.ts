/** Messages between the main thread and the thread that owns the embedded database. */
export type WorkerRequest =
  | { op: 'query'; id: number; sql: string; params: unknown[]; blob?: Uint8Array }
  | { op: 'dump'; id: number }
  | { op: 'close'; id: number };

export type WorkerReply =
  | { ok: true; id: number; rows: Record<string, unknown>[]; affectedRows?: number; dump?: Uint8Array }
  | { ok: false; id: number; error: { message: string; code?: string; detail?: string; constraint?: string } };
