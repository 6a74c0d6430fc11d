#!/bin/sh
# Scenario 2 of the seed guide: configure the task first, then buy the
# instance, which starts it (AutoStart) and so the precheck.
REGION="cn-hangzhou"
aliyun dts ConfigureDtsJob --RegionId "${REGION}" --JobType MIGRATION \
	--DtsJobName=rdsmysql_to_rdsmysql_2 \
	--DataInitialization=true --DataSynchronization=false --StructureInitialization=true \
	--SourceEndpointInstanceType RDS --SourceEndpointEngineName MYSQL \
	--SourceEndpointInstanceID rm-bp1072qxu5q3h**** --SourceEndpointRegion cn-hangzhou \
	--SourceEndpointDatabaseName dtsdb --SourceEndpointUserName dtstest \
	--SourceEndpointPassword "$(cat /run/secrets/src_password)" \
	--DestinationEndpointInstanceType RDS --DestinationEndpointEngineName MYSQL \
	--DestinationEndpointInstanceID rm-bp1072qxu5q3h**** --DestinationEndpointRegion cn-hangzhou \
	--DestinationEndpointUserName dtstest --DestinationEndpointPassword "$DST_PASSWORD" \
	--DbList "$(cat dblist.json)" \
	--Reserve="{\"targetTableMode\":\"0\",\"autoStartModulesAfterConfig\":\"none\"}" \
	--profile dts-admin --region cn-hangzhou > configure.json &&
JOB_ID=$(jq -r .DtsJobId configure.json) &&
aliyun dts CreateDtsInstance --RegionId=cn-hangzhou --Type MIGRATION --InstanceClass small \
	--PayType PostPaid --SourceRegion cn-hangzhou --DestinationRegion cn-hangzhou \
	--SourceEndpointEngineName MySQL --DestinationEndpointEngineName MySQL \
	--JobId "$JOB_ID" --AutoStart true --Quantity 1 || exit 1
aliyun dts DescribePreCheckStatus --RegionId cn-hangzhou --DtsJobId "$JOB_ID" \
	--waiter expr='$.Total' to=10 --output cols=JobName,State rows=JobProgress[]
