/** Errors that mean this member's view of the group is out of date: kafkajs must re-join, so the runner lets them through. */
const MEMBERSHIP_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'NOT_COORDINATOR', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID']);

export function isMembershipError(error: unknown): boolean {
  return MEMBERSHIP_ERRORS.has((error as { type?: string } | null)?.type ?? '');
}
