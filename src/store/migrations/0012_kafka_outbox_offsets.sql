-- Kafka log: the highest outbox offset (log_records."offset" of the record's log topic) a consumer group has
-- consumed on each Kafka partition. A relay that crashed after Kafka's acknowledgement but before deleting its
-- rows sends them again as new Kafka records; they carry the same outbox offset, at or below this one, and
-- the consumer skips them. NULL on the local log and before the first relayed record.
ALTER TABLE consumer_offsets ADD COLUMN outbox_offset bigint;
