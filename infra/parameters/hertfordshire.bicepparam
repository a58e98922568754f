// Hertfordshire County Council. Values not secret; secrets come from environment variables at
// deployment time (infra/README.md), so none is ever written in this file.
using '../main.bicep'

param namePrefix = 'cme-herts'
param location = 'uksouth'

// profiles/hertfordshire.json: the profile and its CME mailbox.
param profile = 'hertfordshire'
param mailbox = 'csf.cme@hertfordshire.gov.uk'

// Replace with the council's sender verified in SendGrid (Settings > Sender Authentication).
param notificationsFrom = 'cme-noreply@example.org'

param graphAuthentication = 'ManagedIdentity'

param sendGridApiKey = readEnvironmentVariable('CME_SENDGRID_API_KEY', '')
param graphClientSecret = readEnvironmentVariable('CME_GRAPH_CLIENT_SECRET', '')
param childIndexKey = readEnvironmentVariable('CME_CHILD_INDEX_KEY', '')
