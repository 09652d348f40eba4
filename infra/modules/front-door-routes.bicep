metadata description = 'Front Door origins and routes: each endpoint sends traffic to the primary region and fails over to the secondary when the primary\'s /health probe fails.'

@description('Prefix of the profile and endpoint names, as given to front-door.bicep.')
param namePrefix string

@description('Host name of the portal in the primary region.')
param primaryWebHost string

@description('Host name of the portal in the secondary region.')
param secondaryWebHost string

@description('Host name of the Api in the primary region.')
param primaryApiHost string

@description('Host name of the Api in the secondary region.')
param secondaryApiHost string

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

// Priority 1 takes all traffic while its /health probe passes; priority 2 only when it fails.
resource webPrimary 'Microsoft.Cdn/profiles/originGroups/origins@2025-06-01' = {
  parent: webGroup
  name: 'primary'
  properties: {
    hostName: primaryWebHost
    originHostHeader: primaryWebHost
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource webSecondary 'Microsoft.Cdn/profiles/originGroups/origins@2025-06-01' = {
  parent: webGroup
  name: 'secondary'
  properties: {
    hostName: secondaryWebHost
    originHostHeader: secondaryWebHost
    httpPort: 80
    httpsPort: 443
    priority: 2
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource apiPrimary 'Microsoft.Cdn/profiles/originGroups/origins@2025-06-01' = {
  parent: apiGroup
  name: 'primary'
  properties: {
    hostName: primaryApiHost
    originHostHeader: primaryApiHost
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource apiSecondary 'Microsoft.Cdn/profiles/originGroups/origins@2025-06-01' = {
  parent: apiGroup
  name: 'secondary'
  properties: {
    hostName: secondaryApiHost
    originHostHeader: secondaryApiHost
    httpPort: 80
    httpsPort: 443
    priority: 2
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

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
    webPrimary
    webSecondary
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
    apiPrimary
    apiSecondary
  ]
}
