#!/bin/bash
# Nothing here is known before the script runs: no finding may come of it.
OP=ConfigureDtsJob
aliyun dts "$OP" --JobType MIGRATE
aliyun dts ConfigureDtsJob --RegionId cn-hangzhou "$@"
aliyun dts ConfigureDtsJob --RegionId cn-hangzhou --JobType "$JOB_TYPE" --Checkpoint "$CHECKPOINT" ${EXTRA_FLAGS}
aliyun dts CreateDtsInstance --RegionId "$REGION" --Type "${TYPE:-MIGRATION}" --PayType "$(pay_type)" \
  --InstanceClass `cat class.txt` --SourceRegion "$SRC" --DestinationRegion "$DST" \
  --SourceEndpointEngineName "$ENGINE" --DestinationEndpointEngineName "$ENGINE"
aliyun dts StartDtsJob --RegionId cn-hangzhou --DtsJobId "$JOB_ID"
aliyun dts DescribePreCheckStatus --RegionId cn-hangzhou --DtsJobId "$JOB_ID" --JobCode "$CODE" \
  --StructType before
