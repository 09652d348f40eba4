metadata description = 'Azure Front Door profile and its two public endpoints (portal and Api), with a WAF policy that rate-limits each client address.'

import { tagSet } from 'types.bicep'

@description('Prefix of the profile and endpoint names.')
param namePrefix string

@description('Tags for every resource.')
param tags tagSet

@description('Requests one client address may send per minute before it is blocked for the rest of that minute.')
@minValue(100)
param rateLimitPerMinute int = 2000

@description('Log Analytics workspace that receives the access, health-probe and WAF logs.')
param workspaceId string

resource profile 'Microsoft.Cdn/profiles@2025-06-01' = {
  name: 'afd-${namePrefix}'
  location: 'global'
  tags: tags
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
  properties: {
    originResponseTimeoutSeconds: 60
  }
}

resource webEndpoint 'Microsoft.Cdn/profiles/afdEndpoints@2025-06-01' = {
  parent: profile
  name: '${namePrefix}-web'
  location: 'global'
  tags: tags
  properties: {
    enabledState: 'Enabled'
  }
}

resource apiEndpoint 'Microsoft.Cdn/profiles/afdEndpoints@2025-06-01' = {
  parent: profile
  name: '${namePrefix}-api'
  location: 'global'
  tags: tags
  properties: {
    enabledState: 'Enabled'
  }
}

resource firewallPolicy 'Microsoft.Network/FrontDoorWebApplicationFirewallPolicies@2025-03-01' = {
  name: 'waf${replace(namePrefix, '-', '')}'
  location: 'global'
  tags: tags
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
  properties: {
    policySettings: {
      enabledState: 'Enabled'
      mode: 'Prevention'
    }
    customRules: {
      rules: [
        {
          name: 'RateLimitPerClient'
          priority: 100
          ruleType: 'RateLimitRule'
          rateLimitDurationInMinutes: 1
          rateLimitThreshold: rateLimitPerMinute
          action: 'Block'
          enabledState: 'Enabled'
          groupBy: [
            {
              variableName: 'SocketAddr'
            }
          ]
          matchConditions: [
            {
              matchVariable: 'RequestUri'
              operator: 'Any'
              negateCondition: false
              matchValue: []
              transforms: []
            }
          ]
        }
      ]
    }
  }
}

resource securityPolicy 'Microsoft.Cdn/profiles/securityPolicies@2025-06-01' = {
  parent: profile
  name: 'waf'
  properties: {
    parameters: {
      type: 'WebApplicationFirewall'
      wafPolicy: {
        id: firewallPolicy.id
      }
      associations: [
        {
          domains: [
            {
              id: webEndpoint.id
            }
            {
              id: apiEndpoint.id
            }
          ]
          patternsToMatch: [
            '/*'
          ]
        }
      ]
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: profile
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

@description('Front Door id that every forwarded request carries in X-Azure-FDID.')
output frontDoorId string = profile.properties.frontDoorId

@description('Public URL of the portal.')
output webUrl string = 'https://${webEndpoint.properties.hostName}'

@description('Public URL of the Api.')
output apiUrl string = 'https://${apiEndpoint.properties.hostName}'
