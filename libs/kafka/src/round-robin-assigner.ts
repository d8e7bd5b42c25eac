import { AssignerProtocol, type PartitionAssigner, PartitionAssigners } from 'kafkajs';

/**
 * kafkajs' round-robin assignment with two changes, both harmless on Apache Kafka:
 * - every member gets an assignment, possibly empty (kafkajs leaves members without partitions out, and
 *   brokers that wait for every member's assignment, such as librdkafka's mock cluster, then never finish
 *   the rebalance when there are more consumers than partitions);
 * - the leader may wait `leaderSyncDelayMs` before assigning, so followers' SyncGroup requests arrive
 *   first (librdkafka's mock answers late followers with INVALID_REQUEST, which kafkajs treats as fatal).
 * It keeps the 'RoundRobinAssigner' protocol name, so it shares a group with stock kafkajs consumers.
 */
export function roundRobinAssigner(leaderSyncDelayMs: number): PartitionAssigner {
  return (config) => {
    const roundRobin = PartitionAssigners.roundRobin(config);
    return {
      name: roundRobin.name,
      version: roundRobin.version,
      protocol: (subscription) => roundRobin.protocol(subscription),
      async assign(group) {
        if (leaderSyncDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, leaderSyncDelayMs));
        const assignments = await roundRobin.assign(group);
        const assigned = new Set(assignments.map(({ memberId }) => memberId));
        const empty = AssignerProtocol.MemberAssignment.encode({ version: roundRobin.version, assignment: {}, userData: Buffer.alloc(0) });
        const unassigned = group.members.filter(({ memberId }) => !assigned.has(memberId));
        return [...assignments, ...unassigned.map(({ memberId }) => ({ memberId, memberAssignment: empty }))];
      },
    };
  };
}
