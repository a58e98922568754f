// The host: an Azure Container Apps app on the Consumption plan, running as the user-assigned
// managed identity. At least one replica always runs (the mailbox poll, deadline sweep and weekly
// digest are timers in the host); more start when the queues fill, up to maxReplicas, and the
// WebJobs host's blob-lease locks keep each timer to one replica.
//
// Settings are environment variables, "__" for ":". Secrets are Key Vault references read with the
// managed identity, and reach the container only as secretRef. A test in the repository
// (tests/Cme.Infrastructure.Tests/Deployment) reads this file: every setting the code says
// production requires is here, and every secret is a Key Vault reference.

param appName string
param environmentName string
param location string
param tags object

@description('Log Analytics workspace for the container\'s console log.')
param workspaceName string

@description('The image, e.g. crcmeherts.azurecr.io/cme-functions:1a2b3c4.')
param image string

@description('The registry to pull from with the managed identity.')
param registryServer string

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

param storageAccountName string

// Not a secret (Application Insights refuses it alone: DisableLocalAuth), but kept out of the
// deployment history all the same.
@secure()
param insightsConnectionString string

param sendGridSecretUrl string
param graphSecretUrl string
param childIndexKeySecretUrl string

@description('The authority profile (Cme:Profile).')
param profile string

@description('The CME mailbox in Exchange Online (Cme:Mailbox:Graph:Mailbox).')
param mailbox string

@description('The SendGrid-verified sender of notifications (Cme:Outbox:From).')
param notificationsFrom string

@description('How Graph is signed in to: the managed identity (no secret) or an app registration with a client secret in Key Vault.')
@allowed([
  'ManagedIdentity'
  'ClientSecret'
])
param graphAuthentication string

@description('With ClientSecret: the app registration\'s application (client) id.')
param graphClientId string

@description('The WebJobs host id: the same on every replica, so they share one set of timer locks.')
param hostId string

param minReplicas int
param maxReplicas int

@description('Messages waiting per replica before another replica is started.')
param queueLengthPerReplica int

@description('The queues whose length scales the app.')
param scaleQueues array

var sendGridSecretName = 'sendgrid-api-key'
var graphSecretName = 'graph-client-secret'
var childIndexKeySecretName = 'child-index-key'
var usesGraphSecret = graphAuthentication == 'ClientSecret'

// Key Vault references only: name, keyVaultUrl and identity; never a value.
var keyVaultSecrets = [
  {
    name: sendGridSecretName
    keyVaultUrl: sendGridSecretUrl
    identity: identityId
  }
  {
    name: childIndexKeySecretName
    keyVaultUrl: childIndexKeySecretUrl
    identity: identityId
  }
]

var graphKeyVaultSecrets = usesGraphSecret ? [
  {
    name: graphSecretName
    keyVaultUrl: graphSecretUrl
    identity: identityId
  }
] : []

var settings = [
  {
    name: 'Cme__Profile'
    value: profile
  }
  {
    name: 'Cme__Mailbox__Source'
    value: 'Graph'
  }
  {
    name: 'Cme__Mailbox__Graph__Mailbox'
    value: mailbox
  }
  {
    name: 'Cme__Mailbox__Graph__ClientId'
    value: usesGraphSecret ? graphClientId : identityClientId
  }
  {
    name: 'Cme__Outbox__Delivery'
    value: 'SendGrid'
  }
  {
    name: 'Cme__Outbox__From'
    value: notificationsFrom
  }
  {
    name: 'Cme__Outbox__SendGrid__ApiKey'
    secretRef: sendGridSecretName
  }
  {
    name: 'Cme__ChildIndex__Key'
    secretRef: childIndexKeySecretName
  }
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageAccountName
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  {
    name: 'AzureWebJobs__HostId'
    value: hostId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: insightsConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'Authorization=AAD;ClientId=${identityClientId}'
  }
  {
    name: 'TZ'
    value: 'Europe/London'
  }
]

var graphSecretSettings = usesGraphSecret ? [
  {
    name: 'Cme__Mailbox__Graph__TenantId'
    value: tenant().tenantId
  }
  {
    name: 'Cme__Mailbox__Graph__ClientSecret'
    secretRef: graphSecretName
  }
] : []

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource managedEnvironment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    zoneRedundant: false
  }
}

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: appName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: managedEnvironment.id
    configuration: {
      activeRevisionsMode: 'Single'
      // No ingress: the host serves nothing; it reads queues and runs timers.
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: concat(keyVaultSecrets, graphKeyVaultSecrets)
    }
    template: {
      containers: [
        {
          name: 'cme-functions'
          image: image
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: concat(settings, graphSecretSettings)
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        // KEDA azure-queue rules, reading queue length as the managed identity (no connection string).
        rules: [
          for queue in scaleQueues: {
            name: '${queue}-length'
            azureQueue: {
              accountName: storageAccountName
              queueName: queue
              queueLength: queueLengthPerReplica
              identity: identityId
            }
          }
        ]
      }
    }
  }
}

output name string = app.name
output latestRevision string = app.properties.latestRevisionName
