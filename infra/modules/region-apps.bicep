metadata description = 'The Api, Web and Worker of one region, wired to the data services through settings that carry addresses only.'

import { appIdentities, dataEndpoints, deployedApps, regionRole, tagSet } from 'types.bicep'

@description('Name of the azd environment, reported in telemetry.')
param environmentName string

@description('Region of the apps.')
param location string

@description('Tags for every resource.')
param tags tagSet

@description('Primary serves at full scale; secondary is warm and scaled down.')
param role regionRole

@description('Letter of the region (a or b), the suffix of the app names and azd services.')
param regionLetter 'a' | 'b'

@description('Run the Worker\'s schedules here. True in exactly one region.')
param schedulesEnabled bool

@description('Container Apps environment of the region.')
param environmentId string

@description('Identities of the apps.')
param identities appIdentities

@description('Login server of the registry.')
param registryServer string

@description('Addresses of the shared data services.')
param data dataEndpoints

@description('Host name of this region\'s Redis.')
param redisHost string

@description('Front Door profile id; apps accept only requests that carry it in X-Azure-FDID.')
param frontDoorId string

@description('Public URL of the portal.')
param webUrl string

@description('Public URL of the Api, the OAuth issuer for both regions.')
param apiUrl string

@description('Which apps already have an image deployed by azd.')
param deployed deployedApps

// The secondary stays warm with one replica per app and scales out on load once Front Door fails over.
var servingReplicas = role == 'primary' ? 2 : 1
var apiName = 'api-${regionLetter}'
var webName = 'web-${regionLetter}'
var workerName = 'worker-${regionLetter}'

var postgres = 'Host=${data.postgresHosts};Port=5432;Database=${data.postgresDatabase};Ssl Mode=VerifyFull;Target Session Attributes=read-write'
var redis = '${redisHost}:10000,ssl=true,abortConnect=false'
var telemetry = 'deployment.environment=${environmentName},cloud.region=${location},deployment.role=${role}'

module api 'container-app.bicep' = {
  name: apiName
  params: {
    name: apiName
    location: location
    tags: tags
    serviceName: apiName
    environmentId: environmentId
    identity: identities.api
    registryServer: registryServer
    ingress: true
    minReplicas: servingReplicas
    maxReplicas: 10
    imageExists: deployed.api
    settings: [
      {
        name: 'AZURE_CLIENT_ID'
        value: identities.api.clientId
      }
      {
        name: 'OTEL_SERVICE_NAME'
        value: 'api'
      }
      {
        name: 'OTEL_RESOURCE_ATTRIBUTES'
        value: telemetry
      }
      {
        name: 'ConnectionStrings__keyvault'
        value: data.keyVaultUri
      }
      {
        name: 'ConnectionStrings__viggotech'
        value: '${postgres};Username=${identities.api.name}'
      }
      {
        name: 'ConnectionStrings__redis'
        value: redis
      }
      {
        name: 'ConnectionStrings__storage-a'
        value: data.storageABlobEndpoint
      }
      {
        name: 'ConnectionStrings__storage-b'
        value: data.storageBBlobEndpoint
      }
      {
        name: 'FrontDoor__Id'
        value: frontDoorId
      }
      {
        name: 'PublicUrls__Web'
        value: webUrl
      }
      {
        name: 'PublicUrls__Api'
        value: apiUrl
      }
      {
        name: 'ASPNETCORE_FORWARDEDHEADERS_ENABLED'
        value: 'true'
      }
    ]
  }
}

module web 'container-app.bicep' = {
  name: webName
  params: {
    name: webName
    location: location
    tags: tags
    serviceName: webName
    environmentId: environmentId
    identity: identities.web
    registryServer: registryServer
    ingress: true
    minReplicas: servingReplicas
    maxReplicas: 10
    imageExists: deployed.web
    settings: [
      {
        name: 'AZURE_CLIENT_ID'
        value: identities.web.clientId
      }
      {
        name: 'OTEL_SERVICE_NAME'
        value: 'web'
      }
      {
        name: 'OTEL_RESOURCE_ATTRIBUTES'
        value: telemetry
      }
      {
        name: 'ConnectionStrings__keyvault'
        value: data.keyVaultUri
      }
      {
        name: 'ConnectionStrings__redis'
        value: redis
      }
      {
        name: 'services__api__https__0'
        value: 'https://${api.outputs.fqdn}'
      }
      {
        name: 'FrontDoor__Id'
        value: frontDoorId
      }
      {
        name: 'PublicUrls__Web'
        value: webUrl
      }
      {
        name: 'PublicUrls__Api'
        value: apiUrl
      }
      {
        name: 'ASPNETCORE_FORWARDEDHEADERS_ENABLED'
        value: 'true'
      }
    ]
  }
}

module worker 'container-app.bicep' = {
  name: workerName
  params: {
    name: workerName
    location: location
    tags: tags
    serviceName: workerName
    environmentId: environmentId
    identity: identities.worker
    registryServer: registryServer
    ingress: false
    minReplicas: 1
    maxReplicas: 1
    imageExists: deployed.worker
    settings: [
      {
        name: 'AZURE_CLIENT_ID'
        value: identities.worker.clientId
      }
      {
        name: 'OTEL_SERVICE_NAME'
        value: 'worker'
      }
      {
        name: 'OTEL_RESOURCE_ATTRIBUTES'
        value: telemetry
      }
      {
        name: 'ConnectionStrings__keyvault'
        value: data.keyVaultUri
      }
      {
        name: 'ConnectionStrings__viggotech'
        value: '${postgres};Username=${identities.worker.name}'
      }
      {
        name: 'Worker__SchedulesEnabled'
        value: schedulesEnabled ? 'true' : 'false'
      }
      {
        name: 'ConnectionStrings__storage-a'
        value: data.storageABlobEndpoint
      }
      {
        name: 'ConnectionStrings__storage-b'
        value: data.storageBBlobEndpoint
      }
    ]
  }
}

@description('Host name of the Api in this region.')
output apiFqdn string = api.outputs.fqdn

@description('Host name of the portal in this region.')
output webFqdn string = web.outputs.fqdn
