[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Cme.Parsing.Tests")]
