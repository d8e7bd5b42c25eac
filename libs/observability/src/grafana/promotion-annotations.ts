import type { GrafanaClient } from './grafana-client';

/** A change of a model's production version, as the registry records it. */
export interface PromotionRecord {
  id: number;
  model: string;
  version: number;
  reason: string;
  createdAt: Date;
}

export const PROMOTION_TAGS = ['tsf', 'promotion'];

/** Adds an annotation per promotion that Grafana does not have yet (tagged `promotion-<id>`); returns how many were added. */
export async function pushPromotionAnnotations(client: GrafanaClient, promotions: readonly PromotionRecord[], dashboardUID?: string): Promise<number> {
  const existing = new Set((await client.findAnnotations(PROMOTION_TAGS)).flatMap((annotation) => annotation.tags));
  let added = 0;
  for (const promotion of promotions) {
    const idTag = `promotion-${promotion.id}`;
    if (existing.has(idTag)) continue;
    await client.addAnnotation({
      time: promotion.createdAt.getTime(),
      text: `${promotion.model} v${promotion.version} to production (${promotion.reason})`,
      tags: [...PROMOTION_TAGS, idTag, `model:${promotion.model}`, promotion.reason],
      ...(dashboardUID ? { dashboardUID } : {}),
    });
    added += 1;
  }
  return added;
}
