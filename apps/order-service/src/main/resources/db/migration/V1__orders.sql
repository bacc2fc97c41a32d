CREATE TABLE orders.orders (
    id         uuid PRIMARY KEY,
    user_id    uuid          NOT NULL,
    status     varchar(16)   NOT NULL CHECK (status IN ('CREATED', 'PAID', 'SHIPPED', 'CANCELLED')),
    currency   char(3)       NOT NULL,
    total      numeric(14, 2) NOT NULL CHECK (total >= 0),
    created_at timestamptz   NOT NULL,
    updated_at timestamptz   NOT NULL
);
CREATE INDEX orders_user_idx ON orders.orders (user_id, created_at, id);
CREATE INDEX orders_created_idx ON orders.orders (created_at, id);

CREATE TABLE orders.order_items (
    order_id   uuid           NOT NULL REFERENCES orders.orders (id) ON DELETE CASCADE,
    line_no    int            NOT NULL,
    sku        varchar(64)    NOT NULL,
    quantity   int            NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
    unit_price numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (order_id, line_no)
);

-- Transactional outbox: written in the same transaction as the order, published to SQS by the relay.
CREATE TABLE orders.outbox (
    id           uuid PRIMARY KEY,            -- the event id consumers de-duplicate on
    aggregate_id uuid        NOT NULL,
    event_type   varchar(64) NOT NULL,
    payload      jsonb       NOT NULL,
    traceparent  varchar(128),
    created_at   timestamptz NOT NULL,
    sent_at      timestamptz,
    attempts     int         NOT NULL DEFAULT 0
);
CREATE INDEX outbox_unsent_idx ON orders.outbox (created_at) WHERE sent_at IS NULL;

-- A retried POST with the same Idempotency-Key returns the first result.
CREATE TABLE orders.idempotency_keys (
    key          varchar(255) PRIMARY KEY,
    request_hash char(64)     NOT NULL,
    order_id     uuid         NOT NULL REFERENCES orders.orders (id) ON DELETE CASCADE,
    created_at   timestamptz  NOT NULL
);
