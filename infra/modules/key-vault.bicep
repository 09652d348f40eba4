metadata description = 'Key Vault for the per-tenant key-encryption keys and app secrets: RBAC only, soft delete 90 days, purge protection, reachable only from the apps\' egress addresses.'

import { appIdentities, grantee, tagSet } from 'types.bicep'

@description('Globally unique vault name.')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the vault. Azure keeps a read-only copy in the paired region.')
param location string

@description('Tags for every resource.')
param tags tagSet

@description('Identities of the apps.')
param identities appIdentities

@description('Public addresses allowed through the vault firewall (the NAT egress of each region, plus operators).')
param allowedIpAddresses string[]

@description('Object id of an operator who seeds secrets (Key Vault Secrets Officer); empty for none.')
param operatorPrincipalId string

@description('Kind of the operator principal.')
param operatorPrincipalType 'User' | 'Group' | 'ServicePrincipal'

@description('Log Analytics workspace that receives the vault audit log.')
param workspaceId string

var secretsOfficerRole = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
var secretsUserRole = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

// The Api creates and crypto-shreds tenant keys and the Worker rotates them: both manage secrets.
// The Web only reads: its OIDC client secret and the key that seals its cookie keys
// (dataprotection-web-kek), which the Worker's migration step creates. A portal that could manage
// secrets could also delete every tenant's key.
var secretManagers grantee[] = [
  {
    name: 'api'
    principalId: identities.api.principalId
  }
  {
    name: 'worker'
    principalId: identities.worker.principalId
  }
]

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
      ipRules: [
        for address in allowedIpAddresses: {
          value: address
        }
      ]
    }
  }
}

resource managerAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for manager in secretManagers: {
    name: guid(vault.id, manager.name, secretsOfficerRole)
    scope: vault
    properties: {
      principalId: manager.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: secretsOfficerRole
    }
  }
]

resource readerAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, 'web', secretsUserRole)
  scope: vault
  properties: {
    principalId: identities.web.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: secretsUserRole
  }
}

resource operatorAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, 'operator', secretsOfficerRole)
  scope: vault
  properties: {
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
    roleDefinitionId: secretsOfficerRole
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
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

@description('Vault URI, handed to the apps as ConnectionStrings__keyvault.')
output uri string = vault.properties.vaultUri

@description('Name of the vault.')
output name string = vault.name
