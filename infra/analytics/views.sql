-- Views for analysts over infra/analytics/tables.sql. Amounts are integers in minor units of `currency`.

-- Every item's latest image: the latest full export (a new one every week; its time is in its path,
-- exports/full/<yyyyMMddTHHmmssZ>/attempt-N/), then every change after it by its write time; a change without a new
-- image is a deletion. Older full exports, and changes before the latest, are not read (they may have expired).
-- Only data files are read (each export also writes manifests beside them).
CREATE OR REPLACE VIEW commerce_items AS
WITH full_rows AS (
  SELECT "Item" AS image, "Item"."PK"."S" AS pk, "Item"."SK"."S" AS sk,
         to_unixtime(date_parse(regexp_extract("$path", 'exports/full/([0-9]{8}T[0-9]{6}Z)/', 1), '%Y%m%dT%H%i%sZ')) * 1000000 AS written_micros
  FROM commerce_export_full WHERE "$path" LIKE '%/data/%'
), latest_full AS (
  SELECT max(written_micros) AS at FROM full_rows
), changes AS (
  SELECT image, pk, sk, written_micros, false AS deleted FROM full_rows WHERE written_micros = (SELECT at FROM latest_full)
  UNION ALL
  SELECT "NewImage", "Keys"."PK"."S", "Keys"."SK"."S", CAST("Metadata"."WriteTimestampMicros"."N" AS double), "NewImage" IS NULL
  FROM commerce_export_incremental
  WHERE "$path" LIKE '%/data/%' AND CAST("Metadata"."WriteTimestampMicros"."N" AS double) >= (SELECT at FROM latest_full)
)
SELECT pk, sk, image FROM (
  SELECT pk, sk, image, deleted, row_number() OVER (PARTITION BY pk, sk ORDER BY written_micros DESC) AS newest FROM changes
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
       line."sku"."S" AS sku,
       line."name"."S" AS name,
       CAST(line."quantity"."N" AS bigint) AS quantity,
       CAST(line."unitAmount"."N" AS bigint) AS unit_amount,
       CAST(COALESCE(line."discount"."N", '0') AS bigint) AS discount,
       line."locationId"."S" AS location_id,
       image."currency"."S" AS currency
-- UNNEST of an array of structs gives each struct field a column: the element's one field, M, is the line
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
