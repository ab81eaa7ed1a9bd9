namespace Istiod.Net.Security.Authentication;

/// <summary>A token file cannot be used; the message names the file, the line and the field, never a token.</summary>
public sealed class TokenFileException(string message, Exception? inner = null) : Exception(message, inner);
