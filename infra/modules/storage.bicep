metadata description = 'Blob storage of one region: identity-only access (no shared keys), HTTPS and TLS 1.2, no public blobs, versioning and soft delete; optionally a write-once backup container.'

import { grantee, tagSet } from 'types.bicep'

@description('Globally unique account name (lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the account.')
param location string

@description('Tags for every resource.')
param tags tagSet

@description('Redundancy within the region.')
param skuName 'Standard_LRS' | 'Standard_ZRS' = 'Standard_ZRS'

@description('Public addresses allowed through the storage firewall (the NAT egress of each region, plus operators).')
param allowedIpAddresses string[]

@description('Identities that read and write blobs (Storage Blob Data Contributor on this account only).')
param contributors grantee[]

@description('Days that deleted blobs, versions and containers can be recovered.')
@minValue(7)
@maxValue(365)
param softDeleteDays int = 35

@description('Days that each backup stays write-once in the backups container; 0 leaves the container without an immutability policy.')
@minValue(0)
@maxValue(146000)
param backupImmutabilityDays int = 0

@description('Log Analytics workspace that receives the blob access log.')
param workspaceId string

var blobContributorRole = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
var immutableBackups = backupImmutabilityDays > 0

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
      ipRules: [
        for address in allowedIpAddresses: {
          value: address
          action: 'Allow'
        }
      ]
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    changeFeed: {
      enabled: true
      retentionInDays: softDeleteDays
    }
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
  }
}

resource documents 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobs
  name: 'documents'
  properties: {
    publicAccess: 'None'
  }
}

resource backups 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobs
  name: 'backups'
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: {
      enabled: immutableBackups
    }
  }
}

// Left unlocked by the deployment so a wrong period can still be corrected; docs/deploy-azure.md
// describes locking it once the retention is confirmed.
resource backupRetention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2025-06-01' = if (immutableBackups) {
  parent: backups
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: backupImmutabilityDays
    allowProtectedAppendWrites: false
  }
}

resource access 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for contributor in contributors: {
    name: guid(account.id, contributor.name, blobContributorRole)
    scope: account
    properties: {
      principalId: contributor.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: blobContributorRole
    }
  }
]

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobs
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

@description('Blob endpoint, handed to the apps as a ConnectionStrings__storage-* value (identity-based, no key).')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Name of the account.')
output name string = account.name

@description('Names of the containers the apps use.')
output containers string[] = [
  documents.name
  backups.name
]
