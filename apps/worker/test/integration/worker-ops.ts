/** A worker's `/readyz` at `ops` (`http://127.0.0.1:<METRICS_PORT>`): its status and body. */
export async function workerReadiness(ops: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${ops}/readyz`);
  return { status: response.status, body: await response.json() };
}

/** The worker's `feishu_worker_unreplicated_total`: its jobs retried for want of replicas. */
export async function unreplicatedCount(ops: string): Promise<number> {
  const metrics = await (await fetch(`${ops}/metrics`)).text();
  return Number(/^feishu_worker_unreplicated_total (\S+)$/m.exec(metrics)?.[1] ?? Number.NaN);
}
