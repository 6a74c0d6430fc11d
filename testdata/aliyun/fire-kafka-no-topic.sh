#!/bin/sh
# A MySQL database on ECS synchronised to a Kafka cluster on ECS, its
# Reserve without destTopic: the help names the key as JSON, not as a flag.
aliyun dts ConfigureDtsJob --RegionId cn-hangzhou --DtsJobName orders_rds_to_kafka --JobType SYNC \
  --SourceEndpointInstanceType ECS --SourceEndpointInstanceID i-bp1g6zv0ce8oghu71234 \
  --SourceEndpointEngineName MYSQL --SourceEndpointRegion cn-hangzhou --SourceEndpointPort 3306 \
  --SourceEndpointUserName dts_reader --SourceEndpointPassword "$SRC_PASSWORD" \
  --DestinationEndpointInstanceType ECS --DestinationEndpointInstanceID i-bp1g6zv0ce8oghu75678 \
  --DestinationEndpointEngineName KAFKA --DestinationEndpointRegion cn-hangzhou --DestinationEndpointPort 9092 \
  --StructureInitialization true --DataInitialization true --DataSynchronization true \
  --DbList '{"orders":{"name":"orders","all":false,"Table":{"order_header":{"name":"order_header","all":true}}}}' \
  --Reserve '{"targetTableMode":"0","destVersion":"1.0","destSSL":"0","kafkaRecordFormat":"canal_json"}'
