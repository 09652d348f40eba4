metadata description = 'Front Door origins and routes: each endpoint sends traffic to the primary region and fails over to the secondary when the primary\'s /health probe fails.'

@description('Prefix of the profile and endpoint names, as given to front-door.bicep.')
param namePrefix string

@description('Host names of the portal: primary region first, secondary second.')
@minLength(2)
@maxLength(2)
param webOrigins string[]

@description('Host names of the Api: primary region first, secondary second.')
@minLength(2)
@maxLength(2)
param apiOrigins string[]

resource profile 'Microsoft.Cdn/profiles@2025-06-01' existing = {
  name: 'afd-${namePrefix}'
}

resource webEndpoint 'Microsoft.Cdn/profiles/afdEndpoints@2025-06-01' existing = {
  parent: profile
  name: '${namePrefix}-web'
}

resource apiEndpoint 'Microsoft.Cdn/profiles/afdEndpoints@2025-06-01' existing = {
  parent: profile
  name: '${namePrefix}-api'
}

var healthProbe = {
  probePath: '/health'
  probeProtocol: 'Https'
  probeRequestType: 'GET'
  probeIntervalInSeconds: 30
}

var loadBalancing = {
  sampleSize: 4
  successfulSamplesRequired: 3
  additionalLatencyInMilliseconds: 0
}

resource webGroup 'Microsoft.Cdn/profiles/originGroups@2025-06-01' = {
  parent: profile
  name: 'web'
  properties: {
    healthProbeSettings: healthProbe
    loadBalancingSettings: loadBalancing
    sessionAffinityState: 'Disabled'
  }
}

resource apiGroup 'Microsoft.Cdn/profiles/originGroups@2025-06-01' = {
  parent: profile
  name: 'api'
  properties: {
    healthProbeSettings: healthProbe
    loadBalancingSettings: loadBalancing
    sessionAffinityState: 'Disabled'
  }
}

// Priority 1 takes all traffic while healthy; priority 2 only when every priority 1 origin fails its probe.
@batchSize(1)
resource webRegions 'Microsoft.Cdn/profiles/originGroups/origins@2025-06-01' = [
  for (hostName, index) in webOrigins: {
    parent: webGroup
    name: 'region-${index == 0 ? 'primary' : 'secondary'}'
    properties: {
      hostName: hostName
      originHostHeader: hostName
      httpPort: 80
      httpsPort: 443
      priority: index + 1
      weight: 1000
      enabledState: 'Enabled'
      enforceCertificateNameCheck: true
    }
  }
]

@batchSize(1)
resource apiRegions 'Microsoft.Cdn/profiles/originGroups/origins@2025-06-01' = [
  for (hostName, index) in apiOrigins: {
    parent: apiGroup
    name: 'region-${index == 0 ? 'primary' : 'secondary'}'
    properties: {
      hostName: hostName
      originHostHeader: hostName
      httpPort: 80
      httpsPort: 443
      priority: index + 1
      weight: 1000
      enabledState: 'Enabled'
      enforceCertificateNameCheck: true
    }
  }
]

resource webRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2025-06-01' = {
  parent: webEndpoint
  name: 'web'
  properties: {
    originGroup: {
      id: webGroup.id
    }
    supportedProtocols: [
      'Http'
      'Https'
    ]
    httpsRedirect: 'Enabled'
    forwardingProtocol: 'HttpsOnly'
    linkToDefaultDomain: 'Enabled'
    patternsToMatch: [
      '/*'
    ]
  }
  dependsOn: [
    webRegions
  ]
}

resource apiRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2025-06-01' = {
  parent: apiEndpoint
  name: 'api'
  properties: {
    originGroup: {
      id: apiGroup.id
    }
    supportedProtocols: [
      'Http'
      'Https'
    ]
    httpsRedirect: 'Enabled'
    forwardingProtocol: 'HttpsOnly'
    linkToDefaultDomain: 'Enabled'
    patternsToMatch: [
      '/*'
    ]
  }
  dependsOn: [
    apiRegions
  ]
}
