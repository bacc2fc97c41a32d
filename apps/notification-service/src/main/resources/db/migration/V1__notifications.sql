-- The durable record of every notification sent: one row per order.created event (the unique event id is what
-- makes a redelivery after a crash a duplicate instead of a second mail). Written after the mail server accepted
-- the mail; Redis holds only the fast de-duplication marker and the short claim.
CREATE TABLE notifications.notifications (
    notification_id uuid          PRIMARY KEY,
    event_id        uuid          NOT NULL,
    order_id        uuid          NOT NULL,
    user_id         uuid          NOT NULL,
    channel         varchar(16)   NOT NULL,
    message         varchar(500)  NOT NULL,
    total           numeric(14,2) NOT NULL,
    currency        char(3)       NOT NULL,
    occurred_at     timestamptz   NOT NULL,
    sent_at         timestamptz   NOT NULL,
    trace_id        varchar(32),
    CONSTRAINT notifications_event_id_key UNIQUE (event_id)
);
CREATE INDEX notifications_order_idx ON notifications.notifications (order_id, sent_at);
