metadata description = 'Azure Managed Redis of one region for sessions: TLS 1.2 minimum, Entra ID only (access keys off), actively geo-replicated with the other region so sessions and revocations reach both.'

import { grantee, tagSet } from 'types.bicep'

@description('Globally unique cache name.')
param name string

@description('Region of the cache.')
param location string

@description('Tags for every resource.')
param tags tagSet

@description('Size of the cache.')
param skuName string = 'Balanced_B1'

@description('Name shared by all caches of the geo-replication group.')
param geoReplicationGroup string

@description('Databases of the other regions that already exist in the group; empty for the first cache.')
param peerDatabases {
  @description('Resource id of the peer database.')
  id: string
}[]

@description('Identities that read and write sessions.')
param users grantee[]

resource cache 'Microsoft.Cache/redisEnterprise@2025-07-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    minimumTlsVersion: '1.2'
    highAvailability: 'Enabled'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2025-07-01' = {
  parent: cache
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    clusteringPolicy: 'EnterpriseCluster'
    evictionPolicy: 'NoEviction'
    accessKeysAuthentication: 'Disabled'
    geoReplication: {
      groupNickname: geoReplicationGroup
      linkedDatabases: concat(peerDatabases, [
        {
          id: resourceId('Microsoft.Cache/redisEnterprise/databases', name, 'default')
        }
      ])
    }
  }
}

@batchSize(1)
resource access 'Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments@2025-07-01' = [
  for user in users: {
    parent: database
    name: user.name
    properties: {
      accessPolicyName: 'default'
      user: {
        objectId: user.principalId
      }
    }
  }
]

@description('Host name of the cache; clients connect with TLS on port 10000.')
output hostName string = cache.properties.hostName

@description('Resource id of the database, for linking the next region into the geo-replication group.')
output databaseId string = database.id
