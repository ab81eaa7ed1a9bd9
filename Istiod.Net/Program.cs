Console.WriteLine("istiod-net");
