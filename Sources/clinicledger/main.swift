print("clinicledger")
