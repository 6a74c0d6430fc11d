#!/usr/bin/env bash
# The seed guide's first workflow (/work/shared/seeds/003_1a26fd5673d9fc75.txt,
# "Call operations to configure DTS tasks"): buy the instance, configure the
# task without starting it, start it, then poll the precheck.
set -euo pipefail
REGION=cn-hangzhou

INSTANCE_ID=$(aliyun dts CreateDtsInstance --profile dts-admin \
  --RegionId "$REGION" \
  --SourceRegion cn-hangzhou --DestinationRegion cn-hangzhou \
  --SourceEndpointEngineName MySQL --DestinationEndpointEngineName MySQL \
  --InstanceClass small --PayType PostPaid --Type MIGRATION | jq -r .InstanceId)

JOB_ID=$(aliyun dts ConfigureDtsJob --region "$REGION" --access-key-id LTAI5tExample000 \
  --access-key-secret 'kS3cr3t-never-shown' \
  --RegionId cn-hangzhou \
  --DtsInstanceId "$INSTANCE_ID" \
  --DtsJobName rdsmysql_to_rdsmysql \
  --JobType MIGRATE \
  --DataInitialization true --DataSynchronization false --StructureInitialization true \
  --SourceEndpointInstanceType RDS --SourceEndpointEngineName MYSQL \
  --SourceEndpointInstanceID rm-bp1072qxu5q3h**** --SourceEndpointRegion cn-hangzhou \
  --SourceEndpointDatabaseName dtsdb --SourceEndpointUserName dtstest \
  --SourceEndpointPassword "$(cat /run/secrets/src_password)" \
  --DestinationEndpointInstanceType RDS --DestinationEndpointEngineName MYSQL \
  --DestinationEndpointInstanceID rm-bp1072qxu5q3h**** --DestinationEndpointRegion cn-hangzhou \
  --DestinationEndpointUserName dtstest --DestinationEndpointPassword "$DST_PASSWORD" \
  --DbList '{"dtsdb":{"name":"dtsdb_1","all":"false","Table":{"person":{"name":"person","all":"true"}}}}' \
  --Reserve '{"targetTableMode":"0","autoStartModulesAfterConfig":"none"}' | jq -r .DtsJobId)

aliyun dts StartDtsJob --RegionId cn-hangzhou --DtsJobId "$JOB_ID"
aliyun dts DescribePreCheckStatus --RegionId "$REGION" --DtsJobId "$JOB_ID" \
  --JobCode 01 --StructType before
