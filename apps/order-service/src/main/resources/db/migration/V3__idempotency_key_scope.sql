-- An Idempotency-Key belongs to the caller that sent it (the token's subject: a user, or a service's client) and to
-- the user the order is for: the same key from another caller is another key, never a way to someone else's order.
-- Keys expire (idempotency.key-ttl, 24 h by default) and are purged.
ALTER TABLE orders.idempotency_keys
    ADD COLUMN caller  varchar(255),
    ADD COLUMN user_id uuid;

-- Keys stored before this had no scope. A user ordering for themselves is the common case (their token's subject
-- is their user id), so that is the scope they get; a retry by anyone else is then a new request.
UPDATE orders.idempotency_keys k
   SET user_id = o.user_id, caller = o.user_id::text
  FROM orders.orders o
 WHERE o.id = k.order_id;

ALTER TABLE orders.idempotency_keys
    ALTER COLUMN caller SET NOT NULL,
    ALTER COLUMN user_id SET NOT NULL,
    DROP CONSTRAINT idempotency_keys_pkey,
    ADD PRIMARY KEY (caller, user_id, key);

CREATE INDEX idempotency_keys_created_idx ON orders.idempotency_keys (created_at);
