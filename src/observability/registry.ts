import { Registry, collectDefaultMetrics } from 'prom-client';

/** The one Prometheus registry the operator exposes on /metrics; every metric registers here. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });
