import { z } from 'zod';

/**
 * Zoom's answer to `GET /phone/sms/sessions`, as far as the sync relies on it.
 *
 * Every object is loose: fields Zoom adds later are kept and stored, and
 * optional fields may be missing. Only what the sync needs to work is strict.
 */
export const zoomParticipantSchema = z.looseObject({
  display_name: z.string().nullish(),
  phone_number: z.string().nullish(),
  owner: z
    .looseObject({
      id: z.string().nullish(),
      type: z.string().nullish(),
    })
    .nullish(),
  is_session_owner: z.boolean().nullish(),
  extension_status: z.string().nullish(),
  extension_deleted_time: z.string().nullish(),
});

/**
 * One session as listed. `session_id` is optional here on purpose: a record
 * without one is counted and skipped by the sync, not a reason to fail the
 * whole page. A null stands for a missing value, since it carries nothing.
 */
export const zoomSmsSessionSchema = z.looseObject({
  session_id: z.string().nullish(),
  session_type: z.string().nullish(),
  last_access_time: z.string().nullish(),
  participants: z.array(zoomParticipantSchema).nullish(),
});

/** The page itself; `page_size` is not read (Zoom's example says 77528222). */
export const zoomSessionsPageSchema = z.looseObject({
  next_page_token: z.string().nullish(),
  sms_sessions: z.array(z.unknown()).nullish(),
});

export type ZoomParticipant = z.infer<typeof zoomParticipantSchema>;
export type ZoomSmsSession = z.infer<typeof zoomSmsSessionSchema>;
export type ZoomSessionsPage = z.infer<typeof zoomSessionsPageSchema>;

/** The session types `GET /phone/sms/sessions` accepts in `session_type`. */
export const SESSION_TYPES = [
  'user',
  'call_queue',
  'auto_receptionist',
  'service_endpoint',
  'all',
] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

/** The timestamps `from` and `to` can apply to (`filter_type`). */
export const FILTER_TYPES = [
  'last_message_time',
  'sent_message_time',
  'received_message_time',
  'sent_received_message_time',
] as const;
export type FilterType = (typeof FILTER_TYPES)[number];
