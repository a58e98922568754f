// Key Vault (RBAC mode, soft delete, purge protection) holding the app's secrets: the SendGrid API
// key, the child index's HMAC key and, only when Graph is reached with an app registration rather than the managed identity,
// its client secret. The Function App reads them through Key Vault references
// (@Microsoft.KeyVault(SecretUri=...)) resolved with the managed identity (Key Vault Secrets User,
// on this vault only); no secret value is ever an app setting.
//
// A secret is written here only when its value is passed in (a @secure() parameter, read by the
// .bicepparam file from an environment variable, so it is in no file and no shell history).
// Leave it empty on later deployments and the secret in the vault is left as it is.

param name string
param location string
param tags object

@description('Principal id of the app\'s managed identity.')
param principalId string

@secure()
@description('First seeding only: the SendGrid API key (Mail Send permission only). Empty: the secret already in the vault is kept.')
param sendGridApiKey string = ''

@secure()
@description('First seeding only, and only with graphAuthentication = ClientSecret: the app registration\'s client secret. Empty: kept as it is.')
param graphClientSecret string = ''

@secure()
@description('First seeding only: the child index\'s HMAC secret, base64 of 32 random bytes. Empty: kept as it is.')
param childIndexKey string = ''

// The secret names the Function App's Key Vault references name.
var sendGridSecretName = 'sendgrid-api-key'
var graphSecretName = 'graph-client-secret'
var childIndexKeySecretName = 'child-index-key'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource sendGridSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(sendGridApiKey)) {
  parent: vault
  name: sendGridSecretName
  properties: {
    value: sendGridApiKey
    contentType: 'SendGrid API key (Mail Send only)'
  }
}

resource graphSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(graphClientSecret)) {
  parent: vault
  name: graphSecretName
  properties: {
    value: graphClientSecret
    contentType: 'Microsoft Graph app registration client secret (Mail.ReadWrite, one mailbox)'
  }
}

resource childIndexKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(childIndexKey)) {
  parent: vault
  name: childIndexKeySecretName
  properties: {
    value: childIndexKey
    contentType: 'HMAC-SHA256 key of the child index (base64, 32 bytes); changing it needs cme index rekey'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    description: 'Key Vault Secrets User for the CME Function App'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
// Versionless: the Function App follows the latest version of each secret (within a day, or at once on restart).
output sendGridSecretUrl string = '${vault.properties.vaultUri}secrets/${sendGridSecretName}'
output graphSecretUrl string = '${vault.properties.vaultUri}secrets/${graphSecretName}'
output childIndexKeySecretUrl string = '${vault.properties.vaultUri}secrets/${childIndexKeySecretName}'
