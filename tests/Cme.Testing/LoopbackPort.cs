using System.Net;
using System.Net.Sockets;

namespace Cme.Testing;

/// <summary>A free TCP port on 127.0.0.1, for a stand-in server that must listen on loopback only.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
