metadata description = 'Reads the image an app runs now, so provisioning again keeps the image azd deployed.'

@description('Name of an existing container app in this resource group.')
param name string

resource app 'Microsoft.App/containerApps@2025-07-01' existing = {
  name: name
}

@description('Image of the app\'s first container.')
output image string = app.properties.template.containers[0].image
