import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '../../observability/registry.js';

const registers = [metricsRegistry];

// Each replica reports only the objects its own shard holds, so sums over replicas count every object once.

export const shardObjects = new Gauge({
  name: 'crosstenant_shard_objects',
  help: 'Objects this replica holds, by controller, labelled with its shard name',
  labelNames: ['controller', 'shard'] as const,
  registers,
});

export const shardAssignment = new Gauge({
  name: 'crosstenant_shard_assignment',
  help: 'The shard holding each object, one series of value 1 per object this replica holds',
  labelNames: ['controller', 'namespace', 'name', 'shard'] as const,
  registers,
});

export const shardMembers = new Gauge({
  name: 'crosstenant_shard_members',
  help: 'Live shards (operator replicas holding their shard Lease) as this replica sees them',
  registers,
});

export const shardMovesTotal = new Counter({
  name: 'crosstenant_shard_moves_total',
  help:
    'Objects this replica moved: handed over to the shard that now owns them (handover), or taken from a ' +
    'dead shard or from none (claim)',
  labelNames: ['controller', 'move'] as const,
  registers,
});
