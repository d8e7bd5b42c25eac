/**
 * Whether a database error will happen again on the same input (deterministic: a data or constraint error that only
 * a different statement can avoid) or may go away by itself (transient: a lost connection, a failover, a timeout,
 * a deadlock). A consumer retries the transient ones and isolates the input behind the deterministic ones.
 *
 * SQLSTATE classes (PostgreSQL, appendix A): 22 data exception (bad encoding, out of range, "unsupported Unicode
 * escape sequence"), 23 integrity constraint violation, 42 syntax or access rule violation, 2200x/XX corrupted
 * input are about the statement; 08 connection, 40 transaction rollback (serialization, deadlock), 53 insufficient
 * resources, 57 operator intervention (shutdown, cancel), 58 system errors are about the server. Errors without a
 * SQLSTATE (socket resets, pool timeouts) are transient.
 */
export function isDeterministicDatabaseError(error: unknown): boolean {
  const sqlState = (error as { code?: unknown } | null)?.code;
  if (typeof sqlState !== 'string' || !/^[0-9A-Z]{5}$/.test(sqlState)) return false;
  return DETERMINISTIC_CLASSES.has(sqlState.slice(0, 2));
}

const DETERMINISTIC_CLASSES = new Set(['22', '23', '42']);
