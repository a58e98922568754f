// The app's user-assigned managed identity: what the Function App signs in as to storage (its
// AzureWebJobsStorage, its own queues and tables, the deployment package), Key Vault, Application
// Insights and (by default) Microsoft Graph. A user-assigned identity exists before the app does,
// so its roles are granted before the app first starts.

@description('Name of the identity.')
param name string

param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
