#!/usr/bin/env bash
# Scenario 1 of the seed guide: buy a DTS instance, then configure it.
set -euo pipefail

REGION=cn-hangzhou
SRC_RDS=rm-bp1072qxu5q3h****
DST_RDS=rm-bp1072qxu5q3h****

# 1. CreateDtsInstance
INSTANCE_ID=$(aliyun dts CreateDtsInstance \
  --RegionId "$REGION" \
  --SourceRegion cn-hangzhou \
  --DestinationRegion cn-hangzhou \
  --SourceEndpointEngineName MySQL \
  --DestinationEndpointEngineName MySQL \
  --InstanceClass small \
  --PayType PostPaid \
  --Type MIGRATION | jq -r '.InstanceId')

# 2. ConfigureDtsJob (the precheck is not started: autoStartModulesAfterConfig=none)
aliyun dts ConfigureDtsJob \
  --RegionId cn-hangzhou \
  --DtsInstanceId "$INSTANCE_ID" \
  --DtsJobName rdsmysql_to_rdsmysql \
  --JobType MIGRATION \
  --DataInitialization true \
  --DataSynchronization false \
  --StructureInitialization true \
  --SourceEndpointInstanceType RDS \
  --SourceEndpointEngineName MYSQL \
  --SourceEndpointInstanceID "$SRC_RDS" \
  --SourceEndpointRegion cn-hangzhou \
  --SourceEndpointDatabaseName dtsdb \
  --SourceEndpointUserName dtstest \
  --SourceEndpointPassword "$SRC_PASSWORD" \
  --DestinationEndpointInstanceType RDS \
  --DestinationEndpointEngineName MYSQL \
  --DestinationEndpointInstanceID "$DST_RDS" \
  --DestinationEndpointRegion cn-hangzhou \
  --DestinationEndpointUserName dtstest \
  --DestinationEndpointPassword "$DST_PASSWORD" \
  --DbList '{"dtsdb":{"name":"dtsdb_1","all":"false","Table":{"person":{"name":"person","all":"true"}}}}' \
  --Reserve '{"targetTableMode":"0","autoStartModulesAfterConfig":"none"}'

# 3. StartDtsJob, then poll the precheck
JOB_ID=za0i4l8x167****
aliyun dts StartDtsJob --RegionId cn-hangzhou --DtsJobId "$JOB_ID"
aliyun dts DescribePreCheckStatus --RegionId cn-hangzhou --DtsJobId za0i4l8x167**** --Type ALL
