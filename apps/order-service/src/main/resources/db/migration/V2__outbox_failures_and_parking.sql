-- The relay records why SQS refused an event and parks an event SQS keeps refusing, so one bad event cannot stay
-- at the head of the outbox for ever.
--   attempts    every time the relay tried to publish the event (outages included)
--   rejections  the times SQS answered and refused this entry (what parking counts: an outage is not the event's fault)
--   last_error  the latest refusal or failure: SQS's error code and message, never the payload
--   parked_at   set when the event was parked; the relay no longer picks it (runbook: OrderOutboxEventsParked)
--   status      PENDING, SENT or PARKED, derived from sent_at/parked_at so it cannot disagree with them
ALTER TABLE orders.outbox
    ADD COLUMN rejections int          NOT NULL DEFAULT 0,
    ADD COLUMN last_error varchar(512),
    ADD COLUMN parked_at  timestamptz,
    ADD COLUMN status     varchar(8)   GENERATED ALWAYS AS (
        CASE WHEN sent_at IS NOT NULL THEN 'SENT' WHEN parked_at IS NOT NULL THEN 'PARKED' ELSE 'PENDING' END
    ) STORED;

-- What the relay claims: neither sent nor parked.
CREATE INDEX outbox_pending_idx ON orders.outbox (created_at) WHERE sent_at IS NULL AND parked_at IS NULL;
DROP INDEX orders.outbox_unsent_idx;
CREATE INDEX outbox_parked_idx ON orders.outbox (parked_at) WHERE parked_at IS NOT NULL;
