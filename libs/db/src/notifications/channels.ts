/** The channels the database's triggers notify on (prisma/migrations/20261124020000_api_keys), for processes that LISTEN. */
export const NOTIFICATION_CHANNELS = {
  /** A model's production version changed; payload `{"modelId": n}`. */
  modelPromoted: 'tsf_model_promoted',
  /** An API key was revoked or changed; payload: its id. */
  apiKeyChanged: 'tsf_api_key_changed',
} as const;

export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[keyof typeof NOTIFICATION_CHANNELS];
