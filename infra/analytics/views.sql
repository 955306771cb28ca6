-- Views for analysts over infra/analytics/tables.sql. Amounts are integers in minor units of `currency`.

-- Every item's latest image: the full export's rows are the oldest (the chain of incremental windows starts at the
-- full export's time), each incremental change newer by its write time; a change without a new image is a deletion.
-- Only data files are read (each export also writes manifests beside them).
CREATE OR REPLACE VIEW commerce_items AS
SELECT pk, sk, image FROM (
  SELECT pk, sk, image, deleted,
         row_number() OVER (PARTITION BY pk, sk ORDER BY written_micros DESC) AS newest
  FROM (
    SELECT "Item"."PK"."S" AS pk, "Item"."SK"."S" AS sk, CAST(0 AS bigint) AS written_micros, "Item" AS image, false AS deleted
    FROM commerce_export_full WHERE "$path" LIKE '%/data/%'
    UNION ALL
    SELECT "Keys"."PK"."S", "Keys"."SK"."S", CAST("Metadata"."WriteTimestampMicros"."N" AS bigint), "NewImage", "NewImage" IS NULL
    FROM commerce_export_incremental WHERE "$path" LIKE '%/data/%'
  )
)
WHERE newest = 1 AND NOT deleted;

CREATE OR REPLACE VIEW commerce_orders AS
SELECT image."id"."S" AS order_id,
       image."channel"."S" AS channel,
       image."status"."S" AS status,
       image."currency"."S" AS currency,
       CAST(image."totalAmount"."N" AS bigint) AS total_amount,
       CAST(COALESCE(image."refunded"."N", '0') AS bigint) AS refunded_amount,
       image."customerId"."S" AS customer_id,
       image."fulfilmentType"."S" AS fulfilment_type,
       image."fulfilmentLocationId"."S" AS fulfilment_location_id,
       image."fulfilmentStatus"."S" AS fulfilment_status,
       image."payment"."M"."method"."S" AS payment_method,
       image."payment"."M"."paymentIntentId"."S" AS payment_intent_id,
       CAST(image."pointsEarned"."N" AS bigint) AS points_earned,
       image."subscriptionId"."S" AS subscription_id,
       from_iso8601_timestamp(image."createdAt"."S") AS created_at,
       from_iso8601_timestamp(image."paidAt"."S") AS paid_at
FROM commerce_items WHERE image."type"."S" = 'ORDER';

CREATE OR REPLACE VIEW commerce_order_lines AS
SELECT image."id"."S" AS order_id,
       line."M"."sku"."S" AS sku,
       line."M"."name"."S" AS name,
       CAST(line."M"."quantity"."N" AS bigint) AS quantity,
       CAST(line."M"."unitAmount"."N" AS bigint) AS unit_amount,
       CAST(COALESCE(line."M"."discount"."N", '0') AS bigint) AS discount,
       line."M"."locationId"."S" AS location_id,
       image."currency"."S" AS currency
FROM commerce_items CROSS JOIN UNNEST(image."lines"."L") AS t(line)
WHERE image."type"."S" = 'ORDER';

CREATE OR REPLACE VIEW commerce_refunds AS
SELECT image."refundId"."S" AS refund_id,
       image."orderId"."S" AS order_id,
       CAST(image."amount"."N" AS bigint) AS amount,
       image."currency"."S" AS currency,
       image."status"."S" AS status,
       image."storeId"."S" AS store_id,
       image."restockLocationId"."S" AS restock_location_id,
       image."stripeRefundId"."S" AS stripe_refund_id,
       image."reason"."S" AS reason,
       from_iso8601_timestamp(image."requestedAt"."S") AS requested_at,
       from_iso8601_timestamp(image."failedAt"."S") AS failed_at
FROM commerce_items WHERE image."type"."S" = 'ORDER_REFUND';

-- A split stock level (stock shards, docs/performance.md) keeps its counts on the level's item and its shard items: summed.
CREATE OR REPLACE VIEW commerce_stock_levels AS
SELECT image."sku"."S" AS sku,
       image."locationId"."S" AS location_id,
       SUM(CAST(image."onHand"."N" AS bigint)) AS on_hand,
       SUM(CAST(image."reserved"."N" AS bigint)) AS reserved,
       SUM(CAST(image."available"."N" AS bigint)) AS available,
       bool_or(image."forSale"."BOOL") AS for_sale,
       COUNT(*) AS items
FROM commerce_items WHERE image."type"."S" IN ('STOCK_LEVEL', 'STOCK_SHARD')
GROUP BY image."sku"."S", image."locationId"."S";

CREATE OR REPLACE VIEW commerce_loyalty_entries AS
SELECT split_part(pk, '#', 2) AS customer_id,
       from_iso8601_timestamp(image."at"."S") AS at,
       image."orderId"."S" AS order_id,
       CAST(image."points"."N" AS bigint) AS points,
       image."reason"."S" AS reason
FROM commerce_items WHERE image."type"."S" = 'LOYALTY_ENTRY';
