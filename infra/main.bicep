metadata description = 'Viggotech in two Azure regions, mirroring run mode: region A is the primary (traffic, schedules, Postgres primary), region B the warm secondary (read replica, apps scaled down). Front Door fails over between them.'

targetScope = 'subscription'

import { tagSet } from 'modules/types.bicep'

@description('Name of the azd environment; prefixes resource names and tags everything.')
@minLength(1)
@maxLength(20)
param environmentName string

@description('Primary region (region A): serves traffic, runs the Worker schedules, holds the Postgres primary.')
@metadata({
  azd: {
    type: 'location'
  }
})
param primaryLocation string

@description('Secondary region (region B): warm standby with the Postgres read replica. Pick one that supports availability zones, as the primary.')
@metadata({
  azd: {
    type: 'location'
  }
})
param secondaryLocation string

@description('Object id of the operator who seeds Key Vault secrets; empty for none.')
param operatorPrincipalId string = ''

@description('Kind of that operator principal.')
param operatorPrincipalType 'User' | 'Group' | 'ServicePrincipal' = 'User'

@description('Public addresses of operators allowed through the Key Vault and storage firewalls.')
param operatorIpAddresses string[] = []

@description('Postgres compute size (General Purpose or Memory Optimized, for zone-redundant high availability).')
param postgresSkuName string = 'Standard_D2ds_v5'

@description('Postgres compute tier matching the size.')
param postgresSkuTier 'GeneralPurpose' | 'MemoryOptimized' = 'GeneralPurpose'

@description('Postgres major version.')
param postgresVersion '15' | '16' | '17' = '16'

@description('Postgres storage in GB.')
@minValue(32)
param postgresStorageSizeGB int = 128

@description('Azure Managed Redis size.')
param redisSkuName string = 'Balanced_B1'

@description('Days each backup copy in region B stays write-once.')
@minValue(1)
param backupImmutabilityDays int = 30

@description('Set by azd once the Api is deployed in region A, so provisioning keeps its image.')
param apiAExists bool = false

@description('Set by azd once the Web is deployed in region A.')
param webAExists bool = false

@description('Set by azd once the Worker is deployed in region A.')
param workerAExists bool = false

@description('Set by azd once the Api is deployed in region B.')
param apiBExists bool = false

@description('Set by azd once the Web is deployed in region B.')
param webBExists bool = false

@description('Set by azd once the Worker is deployed in region B.')
param workerBExists bool = false

var tags tagSet = {
  'azd-env-name': environmentName
}
var token = toLower(uniqueString(subscription().id, environmentName))
var suffix = toLower(environmentName)
var databaseName = 'viggotech'

resource groupA 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}-a'
  location: primaryLocation
  tags: tags
}

resource groupB 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}-b'
  location: secondaryLocation
  tags: tags
}

module identities 'modules/identities.bicep' = {
  name: 'identities'
  scope: groupA
  params: {
    environmentName: suffix
    location: primaryLocation
    tags: tags
  }
}

module monitoringA 'modules/monitoring.bicep' = {
  name: 'monitoring-a'
  scope: groupA
  params: {
    workspaceName: 'log-${suffix}-a'
    appInsightsName: 'appi-${suffix}-a'
    location: primaryLocation
    tags: tags
  }
}

module monitoringB 'modules/monitoring.bicep' = {
  name: 'monitoring-b'
  scope: groupB
  params: {
    workspaceName: 'log-${suffix}-b'
    appInsightsName: 'appi-${suffix}-b'
    location: secondaryLocation
    tags: tags
  }
}

module networkA 'modules/network.bicep' = {
  name: 'network-a'
  scope: groupA
  params: {
    nameSuffix: '${suffix}-a'
    location: primaryLocation
    tags: tags
    addressPrefix: '10.10.0.0/16'
    appsSubnetPrefix: '10.10.0.0/23'
  }
}

module networkB 'modules/network.bicep' = {
  name: 'network-b'
  scope: groupB
  params: {
    nameSuffix: '${suffix}-b'
    location: secondaryLocation
    tags: tags
    addressPrefix: '10.20.0.0/16'
    appsSubnetPrefix: '10.20.0.0/23'
  }
}

var egressAddresses = [
  networkA.outputs.egressIpAddress
  networkB.outputs.egressIpAddress
]

module registry 'modules/registry.bicep' = {
  name: 'registry'
  scope: groupA
  params: {
    name: 'cr${token}'
    location: primaryLocation
    replicaLocation: secondaryLocation
    tags: tags
    pullers: [
      {
        name: 'api'
        principalId: identities.outputs.identities.api.principalId
      }
      {
        name: 'web'
        principalId: identities.outputs.identities.web.principalId
      }
      {
        name: 'worker'
        principalId: identities.outputs.identities.worker.principalId
      }
    ]
    workspaceId: monitoringA.outputs.workspaceId
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  scope: groupA
  params: {
    name: 'kv-${token}'
    location: primaryLocation
    tags: tags
    identities: identities.outputs.identities
    allowedIpAddresses: concat(egressAddresses, operatorIpAddresses)
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
    workspaceId: monitoringA.outputs.workspaceId
  }
}

var blobUsers = [
  {
    name: 'api'
    principalId: identities.outputs.identities.api.principalId
  }
  {
    name: 'worker'
    principalId: identities.outputs.identities.worker.principalId
  }
]

module storageA 'modules/storage.bicep' = {
  name: 'storage-a'
  scope: groupA
  params: {
    name: 'st${token}a'
    location: primaryLocation
    tags: tags
    allowedIpAddresses: concat(egressAddresses, operatorIpAddresses)
    contributors: blobUsers
    workspaceId: monitoringA.outputs.workspaceId
  }
}

module storageB 'modules/storage.bicep' = {
  name: 'storage-b'
  scope: groupB
  params: {
    name: 'st${token}b'
    location: secondaryLocation
    tags: tags
    allowedIpAddresses: concat(egressAddresses, operatorIpAddresses)
    contributors: blobUsers
    backupImmutabilityDays: backupImmutabilityDays
    workspaceId: monitoringB.outputs.workspaceId
  }
}

var sessionUsers = [
  {
    name: 'api'
    principalId: identities.outputs.identities.api.principalId
  }
  {
    name: 'web'
    principalId: identities.outputs.identities.web.principalId
  }
]

module redisA 'modules/redis.bicep' = {
  name: 'redis-a'
  scope: groupA
  params: {
    name: 'redis-${token}-a'
    location: primaryLocation
    tags: tags
    skuName: redisSkuName
    geoReplicationGroup: 'sessions-${token}'
    peerDatabases: []
    users: sessionUsers
  }
}

module redisB 'modules/redis.bicep' = {
  name: 'redis-b'
  scope: groupB
  params: {
    name: 'redis-${token}-b'
    location: secondaryLocation
    tags: tags
    skuName: redisSkuName
    geoReplicationGroup: 'sessions-${token}'
    peerDatabases: [
      {
        id: redisA.outputs.databaseId
      }
    ]
    users: sessionUsers
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres-a'
  scope: groupA
  params: {
    name: 'psql-${token}-a'
    location: primaryLocation
    tags: tags
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    version: postgresVersion
    storageSizeGB: postgresStorageSizeGB
    databaseName: databaseName
    // Postgres names an Entra administrator by its object id, which exists only once the identity does.
    #disable-next-line what-if-short-circuiting
    administrator: identities.outputs.identities.worker
    allowedIpAddresses: egressAddresses
    workspaceId: monitoringA.outputs.workspaceId
  }
}

module postgresReplica 'modules/postgres-replica.bicep' = {
  name: 'postgres-b'
  scope: groupB
  params: {
    name: 'psql-${token}-b'
    location: secondaryLocation
    tags: tags
    sourceServerId: postgres.outputs.id
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    allowedIpAddresses: egressAddresses
    workspaceId: monitoringB.outputs.workspaceId
  }
}

module environmentA 'modules/container-apps-environment.bicep' = {
  name: 'environment-a'
  scope: groupA
  params: {
    nameSuffix: '${suffix}-a'
    location: primaryLocation
    tags: tags
    subnetId: networkA.outputs.appsSubnetId
    zoneRedundant: true
    workspaceId: monitoringA.outputs.workspaceId
    appInsightsName: 'appi-${suffix}-a'
  }
}

module environmentB 'modules/container-apps-environment.bicep' = {
  name: 'environment-b'
  scope: groupB
  params: {
    nameSuffix: '${suffix}-b'
    location: secondaryLocation
    tags: tags
    subnetId: networkB.outputs.appsSubnetId
    zoneRedundant: false
    workspaceId: monitoringB.outputs.workspaceId
    appInsightsName: 'appi-${suffix}-b'
  }
}

var frontDoorPrefix = 'vt-${token}'

module frontDoor 'modules/front-door.bicep' = {
  name: 'front-door'
  scope: groupA
  params: {
    namePrefix: frontDoorPrefix
    tags: tags
    workspaceId: monitoringA.outputs.workspaceId
  }
}

var data = {
  keyVaultUri: keyVault.outputs.uri
  storageABlobEndpoint: storageA.outputs.blobEndpoint
  storageBBlobEndpoint: storageB.outputs.blobEndpoint
  postgresHosts: '${postgres.outputs.hostName},${postgresReplica.outputs.hostName}'
  postgresDatabase: postgres.outputs.databaseName
}

module appsA 'modules/region-apps.bicep' = {
  name: 'apps-a'
  scope: groupA
  params: {
    environmentName: environmentName
    location: primaryLocation
    tags: tags
    role: 'primary'
    regionLetter: 'a'
    schedulesEnabled: true
    environmentId: environmentA.outputs.id
    identities: identities.outputs.identities
    registryServer: registry.outputs.loginServer
    data: data
    redisHost: redisA.outputs.hostName
    frontDoorId: frontDoor.outputs.frontDoorId
    webUrl: frontDoor.outputs.webUrl
    apiUrl: frontDoor.outputs.apiUrl
    deployed: {
      api: apiAExists
      web: webAExists
      worker: workerAExists
    }
  }
}

module appsB 'modules/region-apps.bicep' = {
  name: 'apps-b'
  scope: groupB
  params: {
    environmentName: environmentName
    location: secondaryLocation
    tags: tags
    role: 'secondary'
    regionLetter: 'b'
    schedulesEnabled: false
    environmentId: environmentB.outputs.id
    identities: identities.outputs.identities
    registryServer: registry.outputs.loginServer
    data: data
    redisHost: redisB.outputs.hostName
    frontDoorId: frontDoor.outputs.frontDoorId
    webUrl: frontDoor.outputs.webUrl
    apiUrl: frontDoor.outputs.apiUrl
    deployed: {
      api: apiBExists
      web: webBExists
      worker: workerBExists
    }
  }
}

module frontDoorRoutes 'modules/front-door-routes.bicep' = {
  name: 'front-door-routes'
  scope: groupA
  params: {
    namePrefix: frontDoorPrefix
    primaryWebHost: appsA.outputs.webFqdn
    secondaryWebHost: appsB.outputs.webFqdn
    primaryApiHost: appsA.outputs.apiFqdn
    secondaryApiHost: appsB.outputs.apiFqdn
  }
}

@description('Resource group of region A; azd deploys the region A services here.')
output AZURE_RESOURCE_GROUP string = groupA.name

@description('Resource group of region B; the region B services in azure.yaml deploy here.')
output AZURE_SECONDARY_RESOURCE_GROUP string = groupB.name

@description('Registry that azd pushes images to.')
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer

@description('Name of the Key Vault.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('URI of the Key Vault.')
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri

@description('Public URL of the portal.')
output WEB_URL string = frontDoor.outputs.webUrl

@description('Public URL of the Api.')
output API_URL string = frontDoor.outputs.apiUrl

@description('Name of the Front Door profile, for the failover runbook.')
output AZURE_FRONT_DOOR_PROFILE string = 'afd-${frontDoorPrefix}'

@description('Postgres primary server name (region A).')
output POSTGRES_PRIMARY_SERVER string = 'psql-${token}-a'

@description('Postgres replica server name (region B), the one promoted on failover.')
output POSTGRES_REPLICA_SERVER string = 'psql-${token}-b'

@description('Static outbound addresses of the apps in region A and region B.')
output EGRESS_IP_ADDRESSES string = join(egressAddresses, ',')
